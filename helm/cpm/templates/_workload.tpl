{{/* The parts of a CPM service workload that every component shares. */}}

{{/* ServiceAccount of a component. */}}
{{- define "cpm.serviceAccount" -}}
{{- $v := index .ctx.Values .component -}}
{{- if $v.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "cpm.serviceAccountName" . }}
  labels:
    {{- include "cpm.labels" . | nindent 4 }}
  {{- with $v.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
# The services never call the Kubernetes API.
automountServiceAccountToken: false
{{- end }}
{{- end -}}

{{/* PodDisruptionBudget of a component. */}}
{{- define "cpm.pdb" -}}
{{- $v := index .ctx.Values .component -}}
{{- if $v.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "cpm.component.fullname" . }}
  labels:
    {{- include "cpm.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ $v.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "cpm.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{/* HorizontalPodAutoscaler of a consumer Deployment. */}}
{{- define "cpm.hpa" -}}
{{- $v := index .ctx.Values .component -}}
{{- if $v.hpa.enabled }}
{{- if gt (int $v.hpa.maxReplicas) (int .ctx.Values.kafka.partitions) }}
{{- fail (printf "%s.hpa.maxReplicas (%v) exceeds kafka.partitions (%v): the extra pods would own no partition" .component $v.hpa.maxReplicas .ctx.Values.kafka.partitions) }}
{{- end }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "cpm.component.fullname" . }}
  labels:
    {{- include "cpm.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "cpm.component.fullname" . }}
  minReplicas: {{ $v.hpa.minReplicas }}
  maxReplicas: {{ $v.hpa.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $v.hpa.targetCPUUtilizationPercentage }}
  behavior:
    # Each scale step rebalances the consumer group: move slowly down.
    scaleDown:
      stabilizationWindowSeconds: 300
{{- end }}
{{- end -}}

{{/* Service of a consumer: HTTP only (API, probes, metrics). */}}
{{- define "cpm.httpService" -}}
{{- $v := index .ctx.Values .component -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "cpm.component.fullname" . }}
  labels:
    {{- include "cpm.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "cpm.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ $v.port }}
      targetPort: http
      protocol: TCP
{{- end -}}

{{/* ConfigMap of a component: its environment (name: value), the chart's settings first, then config. */}}
{{- define "cpm.configMap" -}}
{{- $v := index .ctx.Values .component -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "cpm.component.fullname" . }}
  labels:
    {{- include "cpm.labels" . | nindent 4 }}
data:
  {{- with .env }}
  {{- range $name, $value := . }}
  {{ $name }}: {{ $value | toString | quote }}
  {{- end }}
  {{- end }}
  {{- range $name, $value := $v.config }}
  {{ $name }}: {{ $value | toString | quote }}
  {{- end }}
{{- end -}}

{{/* Pod template of a CPM service. Extra input: env (list of EnvVar), ports (list of ContainerPort),
     command (optional list), volumes and mounts (optional lists of Volume and VolumeMount). */}}
{{- define "cpm.podTemplate" -}}
{{- $ctx := .ctx -}}
{{- $v := index $ctx.Values .component -}}
metadata:
  labels:
    {{- include "cpm.labels" . | nindent 4 }}
  annotations:
    # Roll the pods when their configuration changes.
    checksum/config: {{ include (print $ctx.Template.BasePath "/common/configmap.yaml") $ctx | sha256sum }}
    checksum/component-config: {{ .configChecksum }}
    {{- with $v.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "cpm.serviceAccountName" . }}
  automountServiceAccountToken: false
  {{- with $ctx.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  terminationGracePeriodSeconds: {{ $ctx.Values.terminationGracePeriodSeconds }}
  securityContext:
    {{- toYaml $ctx.Values.podSecurityContext | nindent 4 }}
  containers:
    - name: {{ include "cpm.componentName" . }}
      image: {{ include "cpm.image" . | quote }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      {{- with .command }}
      command:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $ctx.Values.securityContext | nindent 8 }}
      ports:
        {{- toYaml .ports | nindent 8 }}
      envFrom:
        - configMapRef:
            name: {{ include "cpm.fullname" $ctx }}-common
        - configMapRef:
            name: {{ include "cpm.component.fullname" . }}
      {{- $api := list }}
      {{- with $ctx.Values.api.existingSecret }}
      {{- $api = list (dict "name" "CPM_API_TOKENS_0" "valueFrom" (dict "secretKeyRef" (dict "name" . "key" $ctx.Values.api.tokenKey))) }}
      {{- end }}
      {{- $env := concat $api (.env | default list) $ctx.Values.extraEnv $v.extraEnv }}
      {{- with $env }}
      env:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      startupProbe:
        httpGet: {path: /livez, port: http}
        {{- toYaml $ctx.Values.probes.startup | nindent 8 }}
      livenessProbe:
        httpGet: {path: /livez, port: http}
        {{- toYaml $ctx.Values.probes.liveness | nindent 8 }}
      readinessProbe:
        httpGet: {path: /readyz, port: http}
        {{- toYaml $ctx.Values.probes.readiness | nindent 8 }}
      resources:
        {{- toYaml $v.resources | nindent 8 }}
      volumeMounts:
        # The root file system is read-only; the JVM and the web server need a scratch directory.
        - name: tmp
          mountPath: /tmp
        {{- with .mounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: 256Mi
    {{- with .volumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with $v.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* Deployment of a consumer service (policy, delivery, defer, notification). */}}
{{- define "cpm.consumerDeployment" -}}
{{- $v := index .ctx.Values .component -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "cpm.component.fullname" . }}
  labels:
    {{- include "cpm.labels" . | nindent 4 }}
spec:
  {{- if not $v.hpa.enabled }}
  replicas: {{ $v.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "cpm.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    {{- $ports := list (dict "name" "http" "containerPort" $v.port "protocol" "TCP") }}
    {{- include "cpm.podTemplate" (merge (dict "ports" $ports) .) | nindent 4 }}
{{- end -}}
