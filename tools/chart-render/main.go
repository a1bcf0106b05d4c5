// chart-render renders a Helm chart the way `helm template` does, for machines where no helm binary can be installed.
//
// It uses the real engine pieces: Go's text/template, the real sprig function library, ghodss/yaml (the library
// sigs.k8s.io/yaml, which Helm uses, was forked from) for values and toYaml, and xeipuuv/gojsonschema (Helm 3's values
// schema validator before 3.18) for values.schema.json. On top it implements the handful of Helm functions and built-in
// objects a chart uses: include, tpl, required, toYaml, fromYaml, toJson, fromJson, lookup (refused: there is no
// cluster), .Values, .Release, .Chart, .Capabilities and .Template. Anything else a chart calls fails to parse here,
// which is the point: the chart must stay within what both this tool and Helm run.
//
// Usage: chart-render [-f values.yaml]... [--set key=value]... [--name RELEASE] [--namespace NS] [--strict] CHART_DIR
// Prints one multi-document YAML stream like `helm template`, each document under a "# Source:" line.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"github.com/ghodss/yaml"
	"github.com/xeipuuv/gojsonschema"
	yamlv3 "gopkg.in/yaml.v3"
)

// The Kubernetes version .Capabilities reports, as `helm template` does without a cluster (it uses its own default).
const kubeVersion = "v1.32.0"

// Helm stops an include that calls itself more than this many times.
const recursionLimit = 1000

type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func main() {
	var valueFiles, sets repeated
	flag.Var(&valueFiles, "f", "a values file merged over the chart's values.yaml (repeatable)")
	flag.Var(&valueFiles, "values", "same as -f")
	flag.Var(&sets, "set", "key=value merged last, dotted keys for nesting (repeatable)")
	releaseName := flag.String("name", "platform", "release name")
	namespace := flag.String("namespace", "default", "release namespace")
	strict := flag.Bool("strict", false, "a template reading a value that does not exist fails (helm lint --strict)")
	// Flags may come before or after the chart, as with helm: parse, set a positional aside, parse the rest.
	var positional []string
	args := os.Args[1:]
	for {
		if err := flag.CommandLine.Parse(args); err != nil {
			os.Exit(2)
		}
		if flag.NArg() == 0 {
			break
		}
		positional = append(positional, flag.Arg(0))
		args = flag.Args()[1:]
	}
	if len(positional) != 1 {
		fmt.Fprintln(os.Stderr, "usage: chart-render [-f values.yaml]... [--set key=value]... [--name R] [--namespace NS] [--strict] CHART_DIR")
		os.Exit(2)
	}
	out, err := render(positional[0], valueFiles, sets, *releaseName, *namespace, *strict)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
	os.Stdout.WriteString(out)
}

func render(chartDir string, valueFiles, sets []string, releaseName, namespace string, strict bool) (string, error) {
	chart, err := readYamlMap(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return "", err
	}
	chartName, _ := chart["name"].(string)
	if chartName == "" {
		return "", errors.New("Chart.yaml: name is required")
	}
	values, err := readYamlMap(filepath.Join(chartDir, "values.yaml"))
	if err != nil {
		return "", err
	}
	for _, file := range valueFiles {
		override, err := readYamlMap(file)
		if err != nil {
			return "", err
		}
		values = merge(values, override)
	}
	for _, set := range sets {
		if values, err = applySet(values, set); err != nil {
			return "", err
		}
	}
	if err := validateSchema(chartDir, chartName, values); err != nil {
		return "", err
	}

	templates, err := templateFiles(chartDir)
	if err != nil {
		return "", err
	}
	root := template.New("gotpl")
	if strict {
		root.Option("missingkey=error")
	} else {
		root.Option("missingkey=zero")
	}
	includeDepth := map[string]int{}
	funcs := helmFuncs(root, includeDepth)
	root.Funcs(funcs)
	for _, file := range templates {
		text, err := os.ReadFile(filepath.Join(chartDir, file))
		if err != nil {
			return "", err
		}
		if _, err := root.New(chartName + "/" + file).Parse(string(text)); err != nil {
			return "", fmt.Errorf("parse error in %s: %w", file, err)
		}
	}

	base := map[string]interface{}{
		"Values":       values,
		"Chart":        chartObject(chart),
		"Release":      map[string]interface{}{"Name": releaseName, "Namespace": namespace, "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1},
		"Capabilities": capabilities(),
		"Files":        map[string]interface{}{},
	}
	var output strings.Builder
	for _, file := range templates {
		name := chartName + "/" + file
		if strings.HasPrefix(filepath.Base(file), "_") {
			continue // partials: only their defines are used
		}
		data := map[string]interface{}{}
		for k, v := range base {
			data[k] = v
		}
		data["Template"] = map[string]interface{}{"Name": name, "BasePath": chartName + "/templates"}
		var rendered bytes.Buffer
		if err := root.ExecuteTemplate(&rendered, name, data); err != nil {
			return "", fmt.Errorf("rendering %s: %w", file, err)
		}
		if filepath.Base(file) == "NOTES.txt" {
			continue // rendered so an error in it fails, like helm install would; never part of the manifests
		}
		text := strings.ReplaceAll(rendered.String(), "<no value>", "")
		for _, doc := range splitDocuments(text) {
			var parsed interface{}
			if err := yamlv3.Unmarshal([]byte(doc), &parsed); err != nil {
				return "", fmt.Errorf("YAML parse error on %s: %w", name, err)
			}
			if parsed == nil {
				continue
			}
			if _, ok := parsed.(map[string]interface{}); !ok {
				return "", fmt.Errorf("%s: a document is not a Kubernetes object (a mapping)", name)
			}
			fmt.Fprintf(&output, "---\n# Source: %s\n%s\n", name, strings.TrimRight(doc, "\n "))
		}
	}
	return output.String(), nil
}

// helmFuncs is sprig's function map less what Helm removes, plus Helm's own functions.
func helmFuncs(root *template.Template, includeDepth map[string]int) template.FuncMap {
	funcs := sprig.TxtFuncMap()
	// Helm removes these: a chart must not read the environment of whoever renders it.
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = func(v interface{}) string {
		out, err := yaml.Marshal(v)
		if err != nil {
			return "" // Helm swallows the error the same way
		}
		return strings.TrimSuffix(string(out), "\n")
	}
	funcs["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	funcs["toJson"] = func(v interface{}) string {
		out, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(out)
	}
	funcs["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	funcs["required"] = func(message string, v interface{}) (interface{}, error) {
		if v == nil {
			return v, errors.New(message)
		}
		if s, ok := v.(string); ok && s == "" {
			return v, errors.New(message)
		}
		return v, nil
	}
	funcs["include"] = func(name string, data interface{}) (string, error) {
		includeDepth[name]++
		defer func() { includeDepth[name]-- }()
		if includeDepth[name] > recursionLimit {
			return "", fmt.Errorf("rendering template has a nested reference name: %s", name)
		}
		var out strings.Builder
		err := root.ExecuteTemplate(&out, name, data)
		return out.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		clone, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err := clone.New("tpl").Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", text, err)
		}
		var out strings.Builder
		if err := t.Execute(&out, data); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
		}
		return strings.ReplaceAll(out.String(), "<no value>", ""), nil
	}
	funcs["lookup"] = func(string, string, string, string) (map[string]interface{}, error) {
		return nil, errors.New("lookup is not supported: the chart must render without a cluster")
	}
	return funcs
}

// templateFiles lists templates/ recursively (tests/ included, as `helm template` does), sorted for a stable output.
func templateFiles(chartDir string) ([]string, error) {
	var files []string
	err := filepath.Walk(filepath.Join(chartDir, "templates"), func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if info.IsDir() {
			return nil
		}
		ext := filepath.Ext(path)
		if ext == ".yaml" || ext == ".yml" || ext == ".tpl" || ext == ".txt" {
			rel, _ := filepath.Rel(chartDir, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// splitDocuments splits on YAML document separators at the start of a line, as Helm's SplitManifests does.
func splitDocuments(text string) []string {
	var docs []string
	var current strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimRight(line, " \t") == "---" || strings.HasPrefix(line, "--- ") {
			docs = append(docs, current.String())
			current.Reset()
			continue
		}
		current.WriteString(line)
		current.WriteString("\n")
	}
	docs = append(docs, current.String())
	var nonEmpty []string
	for _, d := range docs {
		if strings.TrimSpace(stripComments(d)) != "" {
			nonEmpty = append(nonEmpty, d)
		}
	}
	return nonEmpty
}

func stripComments(doc string) string {
	var b strings.Builder
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// readYamlMap reads YAML as Helm does: through JSON, so numbers are float64 and keys are strings.
func readYamlMap(path string) (map[string]interface{}, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := map[string]interface{}{}
	if err := yaml.Unmarshal(text, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// merge coalesces override into base like Helm: maps merge key by key, anything else replaces, null deletes the key.
func merge(base, override map[string]interface{}) map[string]interface{} {
	out := map[string]interface{}{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range override {
		if v == nil {
			delete(out, k)
			continue
		}
		if overrideMap, ok := v.(map[string]interface{}); ok {
			if baseMap, ok := out[k].(map[string]interface{}); ok {
				out[k] = merge(baseMap, overrideMap)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// applySet handles --set a.b.c=value with Helm's scalar typing (true/false/null/integers; everything else a string).
func applySet(values map[string]interface{}, set string) (map[string]interface{}, error) {
	eq := strings.Index(set, "=")
	if eq <= 0 {
		return nil, fmt.Errorf("--set %q: expected key=value", set)
	}
	path := strings.Split(set[:eq], ".")
	raw := set[eq+1:]
	var value interface{} = raw
	switch {
	case raw == "true":
		value = true
	case raw == "false":
		value = false
	case raw == "null":
		value = nil
	default:
		if i, err := strconv.ParseInt(raw, 10, 64); err == nil {
			value = float64(i)
		}
	}
	override := map[string]interface{}{path[len(path)-1]: value}
	for i := len(path) - 2; i >= 0; i-- {
		override = map[string]interface{}{path[i]: override}
	}
	return merge(values, override), nil
}

// validateSchema checks the merged values against values.schema.json, as helm install, template and lint do.
func validateSchema(chartDir, chartName string, values map[string]interface{}) error {
	schema, err := os.ReadFile(filepath.Join(chartDir, "values.schema.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	result, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewGoLoader(values))
	if err != nil {
		return fmt.Errorf("values.schema.json: %w", err)
	}
	if result.Valid() {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "values don't meet the specifications of the schema(s) in the following chart(s):\n%s:\n", chartName)
	for _, e := range result.Errors() {
		fmt.Fprintf(&b, "- %s\n", e)
	}
	return errors.New(strings.TrimSuffix(b.String(), "\n"))
}

// chartObject is .Chart: Chart.yaml's fields under Helm's Go names (.Chart.Name, .Chart.AppVersion ...).
func chartObject(chart map[string]interface{}) map[string]interface{} {
	out := map[string]interface{}{}
	for k, v := range chart {
		switch k {
		case "apiVersion":
			out["APIVersion"] = v
		case "appVersion":
			out["AppVersion"] = v
		case "kubeVersion":
			out["KubeVersion"] = v
		default:
			out[strings.ToUpper(k[:1])+k[1:]] = v
		}
	}
	return out
}

type apiVersions []string

// Has answers .Capabilities.APIVersions.Has "group/version" (or "group/version/Kind") for the built-in APIs only:
// with no cluster there are no custom resources, so a chart gates them on values, never on discovery.
func (a apiVersions) Has(v string) bool {
	for _, known := range a {
		if known == v || strings.HasPrefix(v, known+"/") {
			return true
		}
	}
	return false
}

func capabilities() map[string]interface{} {
	return map[string]interface{}{
		"KubeVersion": map[string]interface{}{"Version": kubeVersion, "GitVersion": kubeVersion, "Major": "1", "Minor": "32"},
		"APIVersions": apiVersions{"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v1", "autoscaling/v2",
			"networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1"},
		"HelmVersion": map[string]interface{}{"Version": "v3-compatible (chart-render)"},
	}
}
