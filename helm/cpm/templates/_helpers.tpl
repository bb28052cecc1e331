{{/* Names, labels and the pieces every component shares. A component is called with
     (dict "ctx" $ "component" "policy"), where component is its values key. */}}

{{- define "cpm.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "cpm.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Kebab-case name of a component: sipEdge -> sip-edge. */}}
{{- define "cpm.componentName" -}}
{{- .component | kebabcase -}}
{{- end -}}

{{- define "cpm.component.fullname" -}}
{{- printf "%s-%s" (include "cpm.fullname" .ctx) (include "cpm.componentName" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "cpm.sipEdge.fullname" -}}{{ include "cpm.component.fullname" (dict "ctx" . "component" "sipEdge") }}{{- end -}}
{{- define "cpm.policy.fullname" -}}{{ include "cpm.component.fullname" (dict "ctx" . "component" "policy") }}{{- end -}}
{{- define "cpm.delivery.fullname" -}}{{ include "cpm.component.fullname" (dict "ctx" . "component" "delivery") }}{{- end -}}
{{- define "cpm.defer.fullname" -}}{{ include "cpm.component.fullname" (dict "ctx" . "component" "defer") }}{{- end -}}
{{- define "cpm.notification.fullname" -}}{{ include "cpm.component.fullname" (dict "ctx" . "component" "notification") }}{{- end -}}
{{- define "cpm.kafka.fullname" -}}{{ include "cpm.component.fullname" (dict "ctx" . "component" "kafka") }}{{- end -}}
{{- define "cpm.redis.fullname" -}}{{ include "cpm.component.fullname" (dict "ctx" . "component" "redis") }}{{- end -}}

{{- define "cpm.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cpm.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ include "cpm.componentName" . }}
{{- end -}}

{{- define "cpm.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
{{ include "cpm.selectorLabels" . }}
app.kubernetes.io/part-of: cpm
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- end -}}

{{- define "cpm.serviceAccountName" -}}
{{- $v := index .ctx.Values .component -}}
{{- if $v.serviceAccount.create -}}
{{- default (include "cpm.component.fullname" .) $v.serviceAccount.name -}}
{{- else -}}
{{- default "default" $v.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "cpm.image" -}}
{{- $v := index .ctx.Values .component -}}
{{- printf "%s:%s" $v.image.repository (default .ctx.Chart.AppVersion $v.image.tag) -}}
{{- end -}}

{{- define "cpm.kafka.bootstrapServers" -}}
{{- if .Values.kafka.inCluster.enabled -}}
{{- printf "%s:9092" (include "cpm.kafka.fullname" .) -}}
{{- else -}}
{{- required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{- define "cpm.redis.host" -}}
{{- if .Values.redis.inCluster.enabled -}}
{{- include "cpm.redis.fullname" . -}}
{{- else -}}
{{- required "redis.host is required" .Values.redis.host -}}
{{- end -}}
{{- end -}}
