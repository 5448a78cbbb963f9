# One image per service: docker build --build-arg APP=worker-manager -t lcm/worker-manager .
# Build stage bundles the service (workspace packages inlined); the runtime stage installs only the npm
# packages the bundle imports, as a non-root user on a Node LTS base.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY apps ./apps
COPY packages ./packages
COPY tools ./tools
COPY tsconfig.base.json ./
RUN npm ci --no-audit --no-fund
ARG APP
RUN test -n "$APP" && node tools/scripts/build-app.mjs "apps/$APP"

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG APP
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/dist/apps/${APP}/ ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
USER 10001
# Services read PORT; the chart sets it. SIGTERM drains HTTP and closes job workers.
CMD ["node", "--enable-source-maps", "main.js"]
