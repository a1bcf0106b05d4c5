namespace Platform.Deployment.Tests;

/// <summary>yamllint with chart-testing's rules (charts/lintconf.yaml) over the chart's own YAML and k8s/.</summary>
public sealed class LintingTheYaml
{
    private static readonly string LintConfig = Path.Combine(Tools.RepositoryRoot, "charts", "lintconf.yaml");

    [Fact]
    public void The_chart_and_the_k8s_manifests_pass_chart_testings_yamllint_rules()
    {
        var yamllint = Tools.Require("yamllint", "apt-get install yamllint");

        var result = Tools.Run(yamllint, ["--strict", "-c", LintConfig,
            "charts/platform/Chart.yaml", "charts/platform/values.yaml", "charts/platform/values-prod.yaml", "charts/ct.yaml", "k8s"]);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void Yamllint_refuses_a_values_file_with_a_duplicate_key()
    {
        var yamllint = Tools.Require("yamllint", "apt-get install yamllint");
        var file = Path.Combine(Path.GetTempPath(), $"values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "devices:\n  replicaCount: 2\n  replicaCount: 3\n");
        try
        {
            var result = Tools.Run(yamllint, ["--strict", "-c", LintConfig, file]);

            Assert.False(result.Succeeded, "yamllint accepted a duplicate key");
            Assert.Contains("key-duplicates", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
