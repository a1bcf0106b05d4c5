using System.Text.Json.Nodes;

namespace Platform.Deployment.Tests;

/// <summary>
/// Renders the chart like `helm template`: with helm itself where it is installed (after `helm lint --strict`), else
/// with tools/chart-render (Go's text/template + the real sprig library + Helm's own functions) in strict mode.
/// </summary>
public static class Chart
{
    public const string ReleaseName = "platform";
    public const string Namespace = "platform";

    public static CommandResult Render(string? chartDirectory = null, IEnumerable<string>? valueFiles = null,
        IEnumerable<string>? sets = null)
    {
        chartDirectory ??= Tools.ChartDirectory;
        var options = new List<string> { "--namespace", Namespace };
        foreach (var file in valueFiles ?? [])
        {
            options.AddRange(["-f", file]);
        }
        foreach (var set in sets ?? [])
        {
            options.AddRange(["--set", set]);
        }
        if (Tools.Find("helm") is { } helm)
        {
            var lint = Tools.Run(helm, ["lint", "--strict", chartDirectory, .. options]);
            if (!lint.Succeeded)
            {
                return lint;
            }
            return Tools.Run(helm, ["template", ReleaseName, chartDirectory, .. options]);
        }
        Tools.Require("go", "apt-get install golang-go golang-github-masterminds-sprig-dev golang-github-ghodss-yaml-dev golang-github-xeipuuv-gojsonschema-dev");
        var renderer = Path.Combine(Tools.RepositoryRoot, "tools", "chart-render", "chart-render");
        return Tools.Run("bash", [renderer, "--strict", "--name", ReleaseName, .. options, chartDirectory]);
    }

    /// <summary>Renders and fails the test with the renderer's message when rendering fails.</summary>
    public static string RenderOrFail(IEnumerable<string>? valueFiles = null, IEnumerable<string>? sets = null)
    {
        var result = Render(valueFiles: valueFiles, sets: sets);
        Assert.True(result.Succeeded, $"the chart did not render: {result}");
        return result.Output;
    }

    public static string ValuesFile(string name) => Path.Combine(Tools.ChartDirectory, name);

    /// <summary>The configurations every check runs on: defaults, production, and every optional feature turned on.</summary>
    public static readonly TheoryData<string> Configurations = new() { "default", "production", "all-features" };

    public static string RenderConfiguration(string configuration) => configuration switch
    {
        "default" => RenderOrFail(),
        "production" => RenderOrFail([ValuesFile("values-prod.yaml")]),
        "all-features" => RenderOrFail(sets:
        [
            "notifications.keda.enabled=true", "evidence.dapr.enabled=true", "evidence.storage.kind=dapr",
            "evidence.persistence.enabled=false", "telemetry.otlpEndpoint=http://otel-collector:4317",
            "gateway.ingress.enabled=true", "gateway.ingress.tlsSecret=platform-tls", "tests.tokenSecret=platform-test-token",
            "identity.federation.issuer=https://login.example.org/realms/cidff", "identity.federation.clientId=platform",
            "identity.federation.existingSecret=platform-identity-federation",
        ]),
        _ => throw new ArgumentOutOfRangeException(nameof(configuration)),
    };

    /// <summary>The rendered objects of a configuration, each validated against its Kubernetes schema.</summary>
    public static JsonArray ValidObjects(string configuration) => Manifests.ValidateOrFail(RenderConfiguration(configuration));
}
