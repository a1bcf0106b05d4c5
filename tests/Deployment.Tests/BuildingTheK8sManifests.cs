using System.Text.Json.Nodes;

namespace Platform.Deployment.Tests;

/// <summary>k8s/ builds with kustomize (kubectl's) and every object it builds matches its Kubernetes schema.</summary>
public sealed class BuildingTheK8sManifests
{
    [Theory]
    [InlineData("base")]
    [InlineData("dev")]
    [InlineData("dapr")]
    public void Every_kustomization_builds_into_valid_objects(string kustomization)
    {
        var objects = Build(kustomization);

        Assert.NotEmpty(objects);
    }

    [Fact]
    public void The_namespace_enforces_the_restricted_pod_security_standard()
    {
        var objects = Build("base");

        var ns = Assert.Single(objects, o => (string?)o!["kind"] == "Namespace");
        Assert.Equal("restricted", (string?)ns!["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]);
    }

    [Fact]
    public void The_dev_cluster_provides_the_secrets_the_charts_defaults_name()
    {
        var secrets = Build("dev").Where(o => (string?)o!["kind"] == "Secret")
            .ToDictionary(o => (string)o!["metadata"]!["name"]!, o => o!["data"]!.AsObject());

        Assert.Equal(["alerts", "contacts", "devices", "evidence", "notifications"],
            secrets["platform-postgres"].Select(pair => pair.Key).Order());
        Assert.True(secrets["platform-rabbitmq"].ContainsKey("uri"));
    }

    private static JsonArray Build(string kustomization)
    {
        var kubectl = Tools.Require("kubectl",
            "kubectl 1.27 or newer (it has kustomize built in): Debian's kubernetes-client package, or the Kubernetes apt repository");
        var build = Tools.Run(kubectl, ["kustomize", Path.Combine(Tools.RepositoryRoot, "k8s", kustomization)]);
        Assert.True(build.Succeeded, $"kubectl kustomize k8s/{kustomization} failed: {build}");
        return Manifests.ValidateOrFail(build.Output);
    }
}
