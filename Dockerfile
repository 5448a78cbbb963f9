# One image per service: docker build --build-arg APP=worker-manager -t lcm/worker-manager .
# The console's image: docker build --target console -t lcm/console .
# Build stage bundles the service (workspace packages inlined); the runtime stage installs only the npm
# packages the bundle imports, as a non-root user on a Node LTS base.
ARG NODE_VERSION=22

# The web console: docker build --target console -t lcm/console . (its page and a dependency-free server).
FROM node:${NODE_VERSION}-bookworm-slim AS console-build
WORKDIR /src
COPY package.json package-lock.json ./
COPY apps ./apps
COPY packages ./packages
COPY tools ./tools
COPY tsconfig.base.json ./
RUN npm ci --no-audit --no-fund
RUN npx nx build console \
 && npx esbuild apps/console/server/main.ts --bundle --platform=node --format=esm --target=node22 --outfile=dist/console-server/main.mjs

FROM node:${NODE_VERSION}-bookworm-slim AS console
ENV NODE_ENV=production CONSOLE_ROOT=/app/public
WORKDIR /app
COPY --from=console-build /src/dist/apps/console ./public
COPY --from=console-build /src/dist/console-server/main.mjs ./
USER 10001
EXPOSE 8080
# The chart sets the services' URLs and the OIDC login (apps/console/README.md).
CMD ["node", "main.mjs"]

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
