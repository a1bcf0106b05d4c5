using System.Text.Json.Nodes;

namespace Platform.Deployment.Tests;

/// <summary>Validates YAML streams of Kubernetes objects with tests/k8s-validate (the Kubernetes schemas, via node).</summary>
public static class Manifests
{
    private static readonly object InstallLock = new();

    public static CommandResult Validate(string yaml, string jsonOutput)
    {
        var node = Tools.Require("node", "apt-get install nodejs npm");
        var validator = Path.Combine(Tools.RepositoryRoot, "tests", "k8s-validate");
        EnsureInstalled(validator);
        var file = Path.Combine(Path.GetTempPath(), $"manifests-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, yaml);
        try
        {
            return Tools.Run(node, [Path.Combine(validator, "validate.mjs"), file, "--json", jsonOutput]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Validates, fails the test with every problem found, and returns the objects for the policy checks.</summary>
    public static JsonArray ValidateOrFail(string yaml)
    {
        var json = Path.Combine(Path.GetTempPath(), $"manifests-{Guid.NewGuid():N}.json");
        try
        {
            var result = Validate(yaml, json);
            Assert.True(result.Succeeded, $"objects do not match their Kubernetes schemas: {result}");
            return JsonNode.Parse(File.ReadAllText(json))!.AsArray();
        }
        finally
        {
            File.Delete(json);
        }
    }

    /// <summary>npm ci on first use, from the pinned package-lock.json (./platform test does it beforehand).</summary>
    private static void EnsureInstalled(string validator)
    {
        lock (InstallLock)
        {
            if (Directory.Exists(Path.Combine(validator, "node_modules", "kubernetes-models")))
            {
                return;
            }
            var npm = Tools.Require("npm", "apt-get install nodejs npm");
            var install = Tools.Run(npm, ["ci", "--no-audit", "--no-fund"], validator);
            Assert.True(install.Succeeded, $"npm ci in tests/k8s-validate failed: {install}");
        }
    }
}
