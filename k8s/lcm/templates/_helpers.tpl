{{/* Names and labels shared by every resource of the chart. */}}
{{- define "lcm.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 50 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "lcm.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/part-of: lcm
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The labels that select one service's pods: (list $root $svc.name). */}}
{{- define "lcm.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/name: {{ index . 1 }}
{{- end -}}

{{/*
The services of LCM: key in values, name (also its producer name in the event catalog), and whose events
each one receives.
*/}}
{{- define "lcm.services" -}}
workerManager: { name: worker-manager, subscribers: [labManager, sessionManager] }
labManager: { name: lab-manager, subscribers: [sessionManager] }
sessionManager: { name: session-manager, subscribers: [workerManager, labManager] }
{{- end -}}

{{/* Resource name of one service's objects, from its values key: (list $root $key). */}}
{{- define "lcm.serviceFullname" -}}
{{- $root := index . 0 -}}
{{- $svc := index (include "lcm.services" $root | fromYaml) (index . 1) -}}
{{- printf "%s-%s" (include "lcm.fullname" $root) $svc.name -}}
{{- end -}}

{{/* In-cluster URL of a service, from its values key: (list $root $key). */}}
{{- define "lcm.serviceUrl" -}}
{{- $root := index . 0 -}}{{- $key := index . 1 -}}
{{- printf "http://%s:%v" (include "lcm.serviceFullname" .) (index $root.Values $key).port -}}
{{- end -}}

{{/* ServiceAccount of one service, from its values key: (list $root $key). */}}
{{- define "lcm.serviceAccountName" -}}
{{- $root := index . 0 -}}
{{- $sa := (index $root.Values (index . 1)).serviceAccount -}}
{{- if $sa.create -}}{{ default (include "lcm.serviceFullname" .) $sa.name }}{{- else -}}{{ default "default" $sa.name }}{{- end -}}
{{- end -}}

{{/* "true" when the pods trust their own development issuer (no auth.jwksUrl; a demo). */}}
{{- define "lcm.devIssuer" -}}
{{- if not .Values.auth.jwksUrl }}true{{ end -}}
{{- end -}}

{{/*
EVENT_PRODUCER_CLIENTS: producer=clientId for each LCM service and, once named, the grader. The dev issuer
names each service's client after the service, so auth.clients of LCM's services apply to a real issuer only.
*/}}
{{- define "lcm.eventProducerClients" -}}
{{- $root := . -}}
{{- $pairs := list -}}
{{- range $key, $svc := include "lcm.services" . | fromYaml -}}
{{- $client := ternary $svc.name (index $root.Values.auth.clients $key) (eq (include "lcm.devIssuer" $root) "true") -}}
{{- $pairs = append $pairs (printf "%s=%s" $svc.name $client) -}}
{{- end -}}
{{- with .Values.auth.clients.grader -}}
{{- $pairs = append $pairs (printf "assessment-system=%s" .) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{/* Refusals: settings without which an install would run insecurely or not at all. */}}
{{- define "lcm.validate" -}}
{{- $v := .Values -}}
{{- if and (not $v.mongodb.allowInMemory) (not $v.mongodb.existingSecret) -}}
{{- fail "mongodb.existingSecret is required (or set mongodb.allowInMemory=true for a demo)" -}}
{{- end -}}
{{- if and (not $v.auth.jwksUrl) (not $v.auth.allowDevIssuer) -}}
{{- fail "auth.jwksUrl is required: the JWKS URL of your OIDC issuer (or set auth.allowDevIssuer=true for a demo)" -}}
{{- end -}}
{{- if not $v.redis.existingSecret -}}
{{- fail "redis.existingSecret is required: a Secret with the Redis URL" -}}
{{- end -}}
{{- $real := ne (include "lcm.devIssuer" .) "true" -}}
{{- if and $real (not $v.auth.tokenUrl) -}}
{{- fail "auth.tokenUrl is required with a real issuer: the OAuth 2.0 token endpoint the services get their own tokens from (client credentials), e.g. https://keycloak.example.com/realms/lcm/protocol/openid-connect/token" -}}
{{- end -}}
{{- range $key, $svc := include "lcm.services" . | fromYaml -}}
{{- $values := index $v $key -}}
{{- if $values.enabled -}}
{{- if and $real (not $values.oauth.existingSecret) -}}
{{- fail (printf "%s.oauth.existingSecret is required with a real issuer: a Secret whose key %q holds the client secret of OAuth client %q" $key $values.oauth.clientSecretKey (index $v.auth.clients $key)) -}}
{{- end -}}
{{- if and $v.mongodb.allowInMemory (or (gt (int $values.replicas) 1) $values.autoscaling.enabled) -}}
{{- fail (printf "%s.replicas > 1 (or autoscaling) needs MongoDB: in-memory storage is per process" $key) -}}
{{- end -}}
{{- if and $values.autoscaling.enabled (gt (int $values.autoscaling.minReplicas) (int $values.autoscaling.maxReplicas)) -}}
{{- fail (printf "%s.autoscaling.minReplicas (%v) is above maxReplicas (%v)" $key $values.autoscaling.minReplicas $values.autoscaling.maxReplicas) -}}
{{- end -}}
{{- if hasKey (default dict $values.serviceAccount.annotations) "eks.amazonaws.com/role-arn" -}}
{{- fail (printf "%s.serviceAccount.annotations must not carry eks.amazonaws.com/role-arn: only worker-manager calls AWS, through workerManager.aws.roleArn" $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and $v.workerManager.aws.roleArn (not $v.workerManager.serviceAccount.create) -}}
{{- fail "workerManager.aws.roleArn needs workerManager.serviceAccount.create=true (annotate your own ServiceAccount instead)" -}}
{{- end -}}
{{- with $v.auth.eventsRelay -}}
{{- if and .jwksUrl (not .issuer) -}}
{{- fail "auth.eventsRelay.issuer is required with auth.eventsRelay.jwksUrl: the `iss` of the cluster's ServiceAccount tokens, e.g. https://oidc.eks.eu-west-1.amazonaws.com/id/<id> (kubectl get --raw /.well-known/openid-configuration)" -}}
{{- end -}}
{{- if and .jwksUrl (not .subjects) -}}
{{- fail "auth.eventsRelay.subjects is required with auth.eventsRelay.jwksUrl: system:serviceaccount:<namespace>:<name> of each Trigger's OIDC ServiceAccount (kubectl get trigger <name> -o jsonpath='{.status.auth.serviceAccountName}')" -}}
{{- end -}}
{{- if and (or .issuer .subjects) (not .jwksUrl) -}}
{{- fail "auth.eventsRelay.jwksUrl is required with auth.eventsRelay.issuer or .subjects: the JWKS of the cluster's ServiceAccount issuer" -}}
{{- end -}}
{{- if and .jwksUrl (not $v.auth.eventsAudience) -}}
{{- fail "auth.eventsAudience is required with auth.eventsRelay.jwksUrl: the audience of POST /events that the Triggers' tokens are for (each Trigger's spec.subscriber.audience)" -}}
{{- end -}}
{{- end -}}
{{- if and $v.knative.sink.audience (not $v.knative.sink.uri) -}}
{{- fail "knative.sink.uri is required with knative.sink.audience: the address of the Broker that audience is for" -}}
{{- end -}}
{{- if and $v.labManager.enabled (not $v.mongodb.allowInMemory) (not $v.labManager.credentialsKey.existingSecret) -}}
{{- fail (printf "labManager.credentialsKey.existingSecret is required with MongoDB: a Secret whose key %q holds 32 random bytes, base64 (openssl rand -base64 32), sealing the session users' CML passwords at rest" $v.labManager.credentialsKey.key) -}}
{{- end -}}
{{- end -}}
