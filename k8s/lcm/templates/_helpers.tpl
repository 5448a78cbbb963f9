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

{{- define "lcm.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "lcm.fullname" .) .Values.serviceAccount.name }}{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}

{{/* The services of LCM: key in values, name, and whose events each one receives. */}}
{{- define "lcm.services" -}}
workerManager: { name: worker-manager, subscribers: [labManager, sessionManager] }
labManager: { name: lab-manager, subscribers: [sessionManager] }
sessionManager: { name: session-manager, subscribers: [workerManager, labManager] }
{{- end -}}

{{/* In-cluster URL of a service, from its values key. */}}
{{- define "lcm.serviceUrl" -}}
{{- $root := index . 0 -}}{{- $key := index . 1 -}}
{{- $svc := index (include "lcm.services" $root | fromYaml) $key -}}
{{- printf "http://%s-%s:%v" (include "lcm.fullname" $root) $svc.name (index $root.Values $key).port -}}
{{- end -}}
