{{/*
Named templates shared by every object of the chart. One set serves every service: a service is a values block
(gateway, identity, devices, contacts, alerts, notifications, evidence), never a copied template.
*/}}

{{/* The chart name, overridable; 63 characters is the limit of a Kubernetes name and label value. */}}
{{- define "platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The release-qualified name. A release already named after the chart is not repeated ("platform", not
"platform-platform").
*/}}
{{- define "platform.fullname" -}}
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

{{/* chart name and version, as the helm.sh/chart label wants them. */}}
{{- define "platform.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The services this chart deploys, in one place. Every per-service template ranges over this list.
*/}}
{{- define "platform.serviceNames" -}}
gateway identity console devices contacts alerts notifications evidence
{{- end -}}

{{/*
Where tokens come from: "external" (auth.authority names another OIDC provider), "identity" (this chart's identity
service, the default) or "development-key" (neither: a development cluster; services refuse it in Production).
*/}}
{{- define "platform.authMode" -}}
{{- if .Values.auth.authority -}}external{{- else if .Values.identity.enabled -}}identity{{- else -}}development-key{{- end -}}
{{- end -}}

{{/*
A service's objects are named "<fullname>-<service>". Call with (dict "root" $ "service" "devices").
*/}}
{{- define "platform.serviceFullname" -}}
{{- printf "%s-%s" (include "platform.fullname" .root) .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The labels every object carries (the app.kubernetes.io recommended set). */}}
{{- define "platform.labels" -}}
helm.sh/chart: {{ include "platform.chart" . }}
{{ include "platform.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ include "platform.name" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* What identifies the release's pods; never changes across upgrades (a Deployment's selector is immutable). */}}
{{- define "platform.selectorLabels" -}}
app.kubernetes.io/name: {{ include "platform.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* A service's labels: the common set plus its component. Call with (dict "root" $ "service" "devices"). */}}
{{- define "platform.serviceLabels" -}}
{{ include "platform.labels" .root }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{/* A service's pod selector. Call with (dict "root" $ "service" "devices"). */}}
{{- define "platform.serviceSelectorLabels" -}}
{{ include "platform.selectorLabels" .root }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{/* A service's ServiceAccount name. Call with (dict "root" $ "service" "devices"). */}}
{{- define "platform.serviceAccountName" -}}
{{- $svc := index .root.Values .service -}}
{{- if $svc.serviceAccount.create -}}
{{- default (include "platform.serviceFullname" .) $svc.serviceAccount.name -}}
{{- else -}}
{{- default "default" $svc.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
A service's image: registry/repository:tag, or @digest when one is pinned (a digest wins: it cannot move).
Call with (dict "root" $ "image" $svc.image).
*/}}
{{- define "platform.image" -}}
{{- $registry := default .root.Values.global.imageRegistry .image.registry -}}
{{- $repository := ternary .image.repository (printf "%s/%s" $registry .image.repository) (empty $registry) -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion .image.tag | toString) -}}
{{- end -}}
{{- end -}}

{{/* The in-cluster address of a service, as the gateway reaches it. Call with (dict "root" $ "service" "alerts"). */}}
{{- define "platform.serviceUrl" -}}
{{- printf "http://%s.%s.svc:%v" (include "platform.serviceFullname" .) .root.Release.Namespace (index .root.Values .service).service.port -}}
{{- end -}}

{{/* Whether a service is deployed. Call with (dict "root" $ "service" "evidence"); answers "true" or "". */}}
{{- define "platform.serviceEnabled" -}}
{{- if (index .root.Values .service).enabled -}}true{{- end -}}
{{- end -}}

{{/* The gateway's public https address: Twilio's callbacks and the alert page's links start with it. */}}
{{- define "platform.publicUrl" -}}
{{- required "gateway.publicUrl must be set to the gateway's public address (https://...)" .Values.gateway.publicUrl | trimSuffix "/" -}}
{{- end -}}

{{/*
Checks across values that a JSON schema cannot express; a failed check stops the install with the reason.
*/}}
{{- define "platform.validateValues" -}}
{{- range $name := splitList " " (include "platform.serviceNames" .) }}
{{- $svc := index $.Values $name }}
{{- if $svc.enabled }}
{{- if ge (add $.Values.preStopSleepSeconds $svc.shutdownTimeoutSeconds) (int $svc.terminationGracePeriodSeconds) }}
{{- fail (printf "%s: preStopSleepSeconds (%v) + shutdownTimeoutSeconds (%v) must stay below terminationGracePeriodSeconds (%v), or in-flight work is killed" $name $.Values.preStopSleepSeconds $svc.shutdownTimeoutSeconds $svc.terminationGracePeriodSeconds) }}
{{- end }}
{{- if and $svc.autoscaling.enabled (gt (int $svc.autoscaling.minReplicas) (int $svc.autoscaling.maxReplicas)) }}
{{- fail (printf "%s: autoscaling.minReplicas is above maxReplicas" $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- $evidence := .Values.evidence }}
{{- if and $evidence.enabled (eq $evidence.storage.kind "filesystem") $evidence.persistence.enabled (not (has "ReadWriteMany" $evidence.persistence.accessModes)) }}
{{- if or $evidence.autoscaling.enabled (gt (int $evidence.replicaCount) 1) }}
{{- fail "evidence: more than one replica needs storage.kind dapr or a ReadWriteMany volume (a ReadWriteOnce volume is mounted by one node)" }}
{{- end }}
{{- end }}
{{- end -}}
