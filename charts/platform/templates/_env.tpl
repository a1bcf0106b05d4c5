{{/*
The environment of a service's container: configuration keys in their environment-variable form ("__" is ":").
Secrets are referenced (secretKeyRef), never copied into the manifest. Call with (dict "root" $ "service" "devices").
*/}}
{{- define "platform.env" -}}
{{- $root := .root -}}
{{- $name := .service -}}
{{- $svc := index $root.Values $name -}}
- name: ASPNETCORE_ENVIRONMENT
  value: {{ $root.Values.aspnetcoreEnvironment | quote }}
# The images listen on 8080 (the .NET images' default); named here so the probes and the Service agree with the app.
- name: ASPNETCORE_HTTP_PORTS
  value: "8080"
# Below terminationGracePeriodSeconds minus the preStop sleep: in-flight requests and messages finish, then the host
# exits on its own instead of being killed mid-message.
- name: HostOptions__ShutdownTimeout
  value: {{ printf "00:%02d:%02d" (div (int $svc.shutdownTimeoutSeconds) 60) (mod (int $svc.shutdownTimeoutSeconds) 60) | quote }}
{{- $authMode := include "platform.authMode" $root }}
{{- if eq $authMode "external" }}
- name: Auth__Authority
  value: {{ $root.Values.auth.authority | quote }}
{{- else if eq $authMode "identity" }}
# Tokens come from the identity service: its keys and revocation list at its cluster address (plain http, which only
# the release's pods may reach), tokens naming the public address as issuer.
- name: Auth__Authority
  value: {{ include "platform.serviceUrl" (dict "root" $root "service" "identity") | quote }}
- name: Auth__RequireHttpsMetadata
  value: "false"
{{- else }}
# No OIDC authority: tokens are checked against the development key (development clusters only).
- name: Auth__DevelopmentKeyFile
  value: /etc/platform/dev-key/{{ $root.Values.auth.developmentKey.key }}
{{- end }}
{{- if $root.Values.auth.issuer }}
- name: Auth__Issuer
  value: {{ $root.Values.auth.issuer | quote }}
{{- else if eq $authMode "identity" }}
- name: Auth__Issuer
  value: {{ printf "%s/" (include "platform.publicUrl" $root) | quote }}
{{- end }}
{{- with $root.Values.auth.audience }}
- name: Auth__Audience
  value: {{ . | quote }}
{{- end }}
{{- if not (has $name (list "gateway" "console")) }}
- name: ConnectionStrings__Postgres
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.postgres.existingSecret }}
      key: {{ $name }}
{{- end }}
{{- if ne $name "gateway" }}
- name: ConnectionStrings__RabbitMq
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.rabbitmq.existingSecret }}
      key: {{ $root.Values.rabbitmq.existingSecretKey }}
{{- end }}
{{- with $root.Values.telemetry.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: OTEL_RESOURCE_ATTRIBUTES
  value: "service.instance.id=$(POD_NAME),k8s.pod.name=$(POD_NAME),k8s.namespace.name={{ $root.Release.Namespace }}"
{{- end }}
{{- if has $name (list "alerts" "contacts" "evidence") }}
# Her PIN's confirmations: sealed by alerts, opened by contacts and evidence.
- name: PinConfirmations__Key
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.auth.pinConfirmations.existingSecret }}
      key: pin-confirmation-key
{{- end }}
{{- if eq $name "alerts" }}
# The region's words for her app when nobody has answered her alert.
- name: Alerts__Unanswered__Advice
  value: {{ $svc.unansweredAdvice | quote }}
{{- end }}
{{- if eq $name "identity" }}
# The issuer her app and the console see; the keys from a Secret (a development key file is refused in Production).
- name: Identity__Issuer
  value: {{ printf "%s/" (include "platform.publicUrl" $root) | quote }}
- name: Identity__SigningKey
  valueFrom:
    secretKeyRef:
      name: {{ $svc.keys.existingSecret }}
      key: signing-key
- name: Identity__EncryptionKey
  valueFrom:
    secretKeyRef:
      name: {{ $svc.keys.existingSecret }}
      key: encryption-key
# TLS ends at the ingress: the gateway forwards the scheme (X-Forwarded-Proto), and only the release's pods reach this one.
- name: Identity__RequireHttps
  value: "false"
{{- with $svc.federation }}
{{- if .issuer }}
# Staff may sign in at their organisation's own provider instead of a password (the second factor stays ours).
- name: Identity__Federation__Issuer
  value: {{ .issuer | quote }}
- name: Identity__Federation__ClientId
  value: {{ required "identity.federation.clientId is needed with identity.federation.issuer" .clientId | quote }}
- name: Identity__Federation__DisplayName
  value: {{ .displayName | quote }}
{{- if .existingSecret }}
- name: Identity__Federation__ClientSecret
  valueFrom:
    secretKeyRef:
      name: {{ .existingSecret }}
      key: client-secret
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq $name "console" }}
{{- if eq $authMode "development-key" }}
{{- fail "console.enabled needs an identity provider (identity.enabled or auth.authority): staff sign in through it" }}
{{- end }}
# Every API call goes through the gateway (in the cluster), with the signed-in staff member's own token.
- name: Console__Gateway
  value: {{ include "platform.serviceUrl" (dict "root" $root "service" "gateway") | quote }}
{{- end }}
{{- if eq $name "gateway" }}
# The client's address and scheme as the ingress controller saw them (the only peer that reaches the gateway): the
# per-address limits count each client, not the controller, and the identity service writes https addresses.
- name: ASPNETCORE_FORWARDEDHEADERS_ENABLED
  value: "true"
{{- range $target := splitList " " (include "platform.serviceNames" $root) }}
{{- if and (ne $target "gateway") (include "platform.serviceEnabled" (dict "root" $root "service" $target)) }}
- name: Services__{{ $target }}
  value: {{ include "platform.serviceUrl" (dict "root" $root "service" $target) | quote }}
{{- end }}
{{- end }}
- name: Gateway__MaxRequestBodyBytes
  value: {{ $svc.maxRequestBodyBytes | int64 | quote }}
{{- end }}
{{- if eq $name "notifications" }}
- name: Twilio__AccountSid
  valueFrom:
    secretKeyRef:
      name: {{ $svc.twilio.existingSecret }}
      key: account-sid
- name: Twilio__AuthToken
  valueFrom:
    secretKeyRef:
      name: {{ $svc.twilio.existingSecret }}
      key: auth-token
- name: Twilio__FromNumber
  value: {{ $svc.twilio.fromNumber | quote }}
- name: Twilio__WebhookBaseUrl
  value: {{ include "platform.publicUrl" $root | quote }}
{{- with $svc.twilio.baseUrl }}
- name: Twilio__BaseUrl
  value: {{ . | quote }}
{{- end }}
- name: Notifications__AlertPage__SigningKey
  valueFrom:
    secretKeyRef:
      name: {{ $svc.keys.existingSecret }}
      key: alert-page-signing-key
- name: Notifications__Webhooks__SecretKey
  valueFrom:
    secretKeyRef:
      name: {{ $svc.keys.existingSecret }}
      key: webhook-secret-key
{{- end }}
{{- if eq $name "evidence" }}
- name: Evidence__MasterKey
  valueFrom:
    secretKeyRef:
      name: {{ $svc.keys.existingSecret }}
      key: master-key
- name: Evidence__SigningKey
  valueFrom:
    secretKeyRef:
      name: {{ $svc.keys.existingSecret }}
      key: signing-key
{{- if eq $svc.storage.kind "dapr" }}
- name: Evidence__Storage__Kind
  value: dapr
- name: Evidence__Storage__DaprBinding
  value: {{ $svc.dapr.bindingName | quote }}
# How the binding names an object ("key" for S3, "blobName" for Azure Blob): follows the Component's type.
- name: Evidence__Storage__DaprBindingType
  value: {{ ternary "AzureBlobStorage" "AwsS3" (eq $svc.dapr.component.type "bindings.azure.blobstorage") | quote }}
{{- else }}
- name: Evidence__Storage__Kind
  value: filesystem
- name: Evidence__Storage__Path
  value: {{ $svc.storage.path | quote }}
{{- end }}
{{- end }}
{{- with $svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
