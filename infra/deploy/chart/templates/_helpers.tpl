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

{{/* The environment every service gets: the shared ConfigMap, then the secret references. */}}
{{- define "aims.env" -}}
- name: DATABASE_URL
  valueFrom: { secretKeyRef: { name: {{ .Values.secrets.existingSecret }}, key: {{ .Values.secrets.keys.databaseUrl }} } }
- name: REDIS_URL
  valueFrom: { secretKeyRef: { name: {{ .Values.secrets.existingSecret }}, key: {{ .Values.secrets.keys.redisUrl }} } }
- name: S3_ACCESS_KEY_ID
  valueFrom: { secretKeyRef: { name: {{ .Values.secrets.existingSecret }}, key: {{ .Values.secrets.keys.s3AccessKeyId }}, optional: true } }
- name: S3_SECRET_ACCESS_KEY
  valueFrom: { secretKeyRef: { name: {{ .Values.secrets.existingSecret }}, key: {{ .Values.secrets.keys.s3SecretAccessKey }}, optional: true } }
- name: KAFKA_SASL_USERNAME
  valueFrom: { secretKeyRef: { name: {{ .Values.secrets.existingSecret }}, key: {{ .Values.secrets.keys.kafkaSaslUsername }}, optional: true } }
- name: KAFKA_SASL_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ .Values.secrets.existingSecret }}, key: {{ .Values.secrets.keys.kafkaSaslPassword }}, optional: true } }
{{- range .Values.secrets.connectorEnv }}
- name: {{ .name }}
  valueFrom: { secretKeyRef: { name: {{ $.Values.secrets.existingSecret }}, key: {{ .key }} } }
{{- end }}
{{- end -}}
