// Validates a multi-document YAML stream of Kubernetes objects (a rendered chart, a kustomize build).
//
//   node validate.mjs FILE [--json OUT]
//
// Each object is checked against the schema of its apiVersion/kind from the Kubernetes OpenAPI (kubernetes-models,
// generated from a current Kubernetes release) or, for custom resources, from the CRD's own schema (KEDA through
// @kubernetes-models/keda; Dapr's Component by the hand schema below, written from Dapr's CRD). An apiVersion that
// Kubernetes has removed, an unknown kind, a bad name or label fails. With --json the parsed objects are written to OUT
// (one JSON array) for the policy checks. Exits 1 listing every problem.
import { readFileSync, writeFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";

// API versions removed from Kubernetes by 1.32 (the deprecation guide); kubernetes-models still ships their types.
const removedApiVersions = new Set([
  "extensions/v1beta1", "apps/v1beta1", "apps/v1beta2", "autoscaling/v2beta1", "autoscaling/v2beta2",
  "policy/v1beta1", "networking.k8s.io/v1beta1", "batch/v1beta1", "rbac.authorization.k8s.io/v1beta1",
  "storage.k8s.io/v1beta1", "admissionregistration.k8s.io/v1beta1", "apiextensions.k8s.io/v1beta1",
  "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2", "discovery.k8s.io/v1beta1",
  "events.k8s.io/v1beta1", "certificates.k8s.io/v1beta1", "coordination.k8s.io/v1beta1", "node.k8s.io/v1beta1",
  "scheduling.k8s.io/v1beta1",
]);

// Where each API group's models live. Core ("v1") and built-in groups: kubernetes-models; KEDA: its own package.
function modelModule(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "keda.sh" || group === "eventing.keda.sh") return `@kubernetes-models/keda/${group}/${version}/${kind}`;
  return group === "" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

// Dapr's Component (dapr.io/v1alpha1), after the CRD Dapr installs: no published JSON schema exists for it.
const ajv = new Ajv({ allErrors: true, strict: false });
const handSchemas = {
  "dapr.io/v1alpha1/Component": ajv.compile({
    type: "object",
    required: ["apiVersion", "kind", "metadata", "spec"],
    additionalProperties: false,
    properties: {
      apiVersion: { const: "dapr.io/v1alpha1" },
      kind: { const: "Component" },
      metadata: { type: "object", required: ["name"] },
      auth: { type: "object", additionalProperties: false, properties: { secretStore: { type: "string" } } },
      scopes: { type: "array", items: { type: "string" } },
      spec: {
        type: "object",
        required: ["type", "version"],
        additionalProperties: false,
        properties: {
          type: { type: "string", pattern: "^(bindings|secretstores|state|pubsub|configuration|lock|middleware|workflow|conversation|cryptography|nameresolution)\\.[a-z0-9.-]+$" },
          version: { type: "string", pattern: "^v[0-9]+" },
          ignoreErrors: { type: "boolean" },
          initTimeout: { type: "string" },
          metadata: {
            type: "array",
            items: {
              type: "object",
              required: ["name"],
              additionalProperties: false,
              properties: {
                name: { type: "string", minLength: 1 },
                value: { type: ["string", "number", "boolean"] },
                secretKeyRef: { type: "object", required: ["name"], additionalProperties: false, properties: { name: { type: "string" }, key: { type: "string" } } },
                envRef: { type: "string" },
              },
            },
          },
        },
      },
    },
  }),
};

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
// Objects whose name becomes a DNS label (a Service's name is its host name) must fit 63 characters.
const labelNamedKinds = new Set(["Service", "Namespace"]);

function checkMetadata(object, where, problems) {
  const { name, labels = {} } = object.metadata ?? {};
  if (typeof name !== "string" || name.length === 0) {
    problems.push(`${where}: metadata.name is missing`);
    return;
  }
  if (name.length > 253 || !dns1123Subdomain.test(name)) problems.push(`${where}: metadata.name "${name}" is not a valid DNS subdomain`);
  if (labelNamedKinds.has(object.kind) && (name.length > 63 || !dns1035Label.test(name))) {
    problems.push(`${where}: a ${object.kind}'s name "${name}" must be a DNS label of at most 63 characters`);
  }
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== "string" || value.length > 63 || !labelValue.test(value)) problems.push(`${where}: label ${key}="${value}" is not a valid label value`);
  }
}

async function validateObject(object, where, problems) {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    problems.push(`${where}: not a Kubernetes object`);
    return;
  }
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    problems.push(`${where}: apiVersion and kind are required`);
    return;
  }
  where = `${where} ${kind}/${object.metadata?.name ?? "?"}`;
  checkMetadata(object, where, problems);
  if (removedApiVersions.has(apiVersion)) {
    problems.push(`${where}: ${apiVersion} is no longer served by Kubernetes`);
    return;
  }
  const hand = handSchemas[`${apiVersion}/${kind}`];
  if (hand) {
    if (!hand(object)) problems.push(...hand.errors.map(e => `${where}: ${e.instancePath || "/"} ${e.message}`));
    return;
  }
  let Model;
  try {
    Model = (await import(modelModule(apiVersion, kind)))[kind];
  } catch {
    problems.push(`${where}: no schema for ${apiVersion} ${kind} (an unknown kind, or a custom resource this validator does not know)`);
    return;
  }
  // The API server decodes Secret data with Go's base64, which skips line breaks; kustomize wraps long values.
  if (kind === "Secret" && object.data) {
    object = { ...object, data: Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, typeof v === "string" ? v.replace(/[\r\n]/g, "") : v])) };
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}

const args = process.argv.slice(2);
const file = args[0];
const jsonOut = args.indexOf("--json") >= 0 ? args[args.indexOf("--json") + 1] : undefined;
if (!file) {
  console.error("usage: node validate.mjs FILE [--json OUT]");
  process.exit(2);
}
const problems = [];
const objects = [];
const documents = parseAllDocuments(readFileSync(file, "utf8"));
for (const [index, doc] of documents.entries()) {
  if (doc.errors.length > 0) {
    problems.push(`document ${index + 1}: YAML error: ${doc.errors.map(e => e.message).join("; ")}`);
    continue;
  }
  const object = doc.toJS();
  if (object === null || object === undefined) continue;
  objects.push(object);
  await validateObject(object, `document ${index + 1}`, problems);
}
if (objects.length === 0) problems.push("no Kubernetes object found");
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(objects));
if (problems.length > 0) {
  console.error(`${problems.length} problem(s) in ${file}:\n${problems.map(p => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`${objects.length} objects valid (${[...new Set(objects.map(o => `${o.apiVersion}/${o.kind}`))].sort().join(", ")})`);
