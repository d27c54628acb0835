{{/* Chart name, truncated to fit label values. */}}
{{- define "cometmq-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects. */}}
{{- define "cometmq-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "cometmq-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cometmq-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "cometmq-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "cometmq-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: cometmq
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "cometmq-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cometmq-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "cometmq-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The rules the operator needs in every namespace it watches. Keep in step with docs/OPERATOR.md ("RBAC");
RecordedRequestsAllowedIT in helm/src/test checks them against every request the operator sent in its ITs, and
RbacTest checks that they grant no more than the operator's code uses.
- brokerclusters: the primary resource (informer: list/watch; drain annotation cleared with a patch).
- brokerclusters/status: status written with a merge patch.
- brokerclusters/finalizers: owner references with blockOwnerDeletion need update on finalizers.
- brokerusers (+ /status, /finalizers): the BrokerUser primary resource: informer, its finalizer added and removed,
  status merge-patched; finalizers because the generated password Secret is owned with blockOwnerDeletion.
- secrets (rule below, with spec.security's): a BrokerUser's password Secret is read (get, no list/watch: a changed
  password is noticed by the periodic recheck) and <brokeruser>-password created when none is named.
- configmaps, services, statefulsets, poddisruptionbudgets: owned objects, created, updated (PUT),
  deleted when a drained group is removed, and watched through informers.
- events: Normal/Warning events on the BrokerCluster (create); an informer on the StatefulSets' FailedCreate
  events (list/watch) so that pods the API server refuses show up in Degraded.
- pods: an informer on the cluster's pods (list/watch) for crash loops, unschedulable and unready pods.
- persistentvolumeclaims: storage growth reads each broker claim and merge-patches its request.
*/}}
{{- define "cometmq-operator.rules" -}}
- apiGroups: ["cometmq.io"]
  resources: ["brokerclusters"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["cometmq.io"]
  resources: ["brokerclusters/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["cometmq.io"]
  resources: ["brokerclusters/finalizers"]
  verbs: ["update"]
- apiGroups: ["cometmq.io"]
  resources: ["brokerusers"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["cometmq.io"]
  resources: ["brokerusers/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["cometmq.io"]
  resources: ["brokerusers/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "list", "watch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get", "patch"]
# spec.security: credential and certificate Secrets are read with a GET (no Secret informer: the operator does not
# cache the namespace's Secrets), generated ones created once, <c>-broker-security and certificates updated.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "update"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
{{- end }}

{{/*
Cluster-scoped reads, each optional:
- storageclasses: storage growth checks whether a claim's StorageClass has allowVolumeExpansion. Without it
  the operator reports the claims as StorageExpansionManual instead of growing them.
- namespaces: while sysctls are on, the operator reads the cluster's Namespace for its
  pod-security.kubernetes.io/enforce label and reports PodSecurityForbidsSysctls before rolling out pods that
  would be refused. A namespaced Role cannot grant this, hence a ClusterRole in both watch modes. Without it
  the refusal still shows up, later, as PodCreateFailed (from the StatefulSet's FailedCreate event).
*/}}
{{- define "cometmq-operator.clusterRules" -}}
{{- if .Values.rbac.readStorageClasses }}
- apiGroups: ["storage.k8s.io"]
  resources: ["storageclasses"]
  verbs: ["get"]
{{- end }}
{{- if .Values.rbac.readNamespaces }}
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get"]
{{- end }}
{{- if .Values.rbac.readNodes }}
- apiGroups: [""]
  resources: ["nodes"]
  verbs: ["get"]
{{- end }}
{{- end }}
