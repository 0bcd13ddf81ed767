{{/* The release-scoped name of one service. */}}
{{- define "aims.name" -}}
{{- printf "%s-%s" .root.Release.Name .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "aims.labels" -}}
app.kubernetes.io/name: aims-evidence-mesh
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one service. */}}
{{- define "aims.selector" -}}
app.kubernetes.io/name: aims-evidence-mesh
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{/* A variable from the chart's Secret: `dict "root" $ "name" "DATABASE_URL" "key" "..." "optional" true`. */}}
{{- define "aims.secretEnv" -}}
- name: {{ .name }}
  valueFrom: { secretKeyRef: { name: {{ .root.Values.secrets.existingSecret }}, key: {{ .key }}{{ if .optional }}, optional: true{{ end }} } }
{{- end -}}

{{/*
The secret variables of one group of configuration (see `uses` in values.yaml); the group's
other variables come from its ConfigMap (templates/configmap.yaml).
*/}}
{{- define "aims.groupSecrets" -}}
{{- $keys := .root.Values.secrets.keys -}}
{{- if eq .group "kafka" }}
{{- /* Only with a mechanism: credentials without one stop a service (KAFKA_SASL_MECHANISM). */}}
{{- if .root.Values.config.kafkaSaslMechanism }}
{{ include "aims.secretEnv" (dict "root" .root "name" "KAFKA_SASL_USERNAME" "key" $keys.kafkaSaslUsername) }}
{{ include "aims.secretEnv" (dict "root" .root "name" "KAFKA_SASL_PASSWORD" "key" $keys.kafkaSaslPassword) }}
{{- end }}
{{- else if eq .group "catalogue" }}
{{ include "aims.secretEnv" (dict "root" .root "name" "DATABASE_URL" "key" $keys.databaseUrl) }}
{{- else if eq .group "queue" }}
{{ include "aims.secretEnv" (dict "root" .root "name" "REDIS_URL" "key" $keys.redisUrl) }}
{{- else if eq .group "blobs" }}
{{ include "aims.secretEnv" (dict "root" .root "name" "S3_ACCESS_KEY_ID" "key" $keys.s3AccessKeyId "optional" true) }}
{{ include "aims.secretEnv" (dict "root" .root "name" "S3_SECRET_ACCESS_KEY" "key" $keys.s3SecretAccessKey "optional" true) }}
{{- else if eq .group "connectorSecrets" }}
{{- range .root.Values.secrets.connectorEnv }}
{{ include "aims.secretEnv" (dict "root" $.root "name" .name "key" .key) }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Groups of configuration with a ConfigMap of their own. */}}
{{- define "aims.configGroups" -}}
common kafka catalogue queue blobs
{{- end -}}
