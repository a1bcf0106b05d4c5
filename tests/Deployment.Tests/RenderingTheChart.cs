namespace Platform.Deployment.Tests;

/// <summary>The chart renders, every object it renders is a valid Kubernetes object, and breaking it is caught.</summary>
public sealed class RenderingTheChart
{
    [Theory]
    [MemberData(nameof(Chart.Configurations), MemberType = typeof(Chart))]
    public void Every_rendered_object_matches_its_Kubernetes_schema(string configuration)
    {
        var objects = Chart.ValidObjects(configuration);

        var services = objects.Where(o => (string?)o!["kind"] == "Deployment")
            .Select(o => (string?)o!["metadata"]!["labels"]!["app.kubernetes.io/component"]).ToList();
        Assert.Equal(["gateway", "identity", "console", "devices", "contacts", "alerts", "notifications", "evidence"], services);
    }

    [Fact]
    public void Production_values_scale_notifications_on_its_queues_and_store_evidence_through_Dapr()
    {
        var objects = Chart.ValidObjects("production");

        var scaledObject = Assert.Single(objects, o => (string?)o!["kind"] == "ScaledObject");
        var triggers = scaledObject!["spec"]!["triggers"]!.AsArray().Select(t => (string?)t!["type"]).ToList();
        Assert.Contains("rabbitmq", triggers);
        Assert.Contains("cpu", triggers);
        Assert.DoesNotContain(objects, o => (string?)o!["kind"] == "HorizontalPodAutoscaler"
            && (string?)o["metadata"]!["name"] == "platform-notifications");
        Assert.Single(objects, o => (string?)o!["kind"] == "Component" && (string?)o["spec"]!["type"] == "bindings.aws.s3");
        var evidence = Assert.Single(objects, o => (string?)o!["kind"] == "Deployment" && (string?)o["metadata"]!["name"] == "platform-evidence");
        Assert.Equal("true", (string?)evidence!["spec"]!["template"]!["metadata"]!["annotations"]!["dapr.io/enabled"]);
    }

    [Fact]
    public void A_template_that_does_not_parse_fails_the_render()
    {
        var result = RenderBroken("deployment.yaml", text => text.Replace("{{- end }}\n{{- end }}", "{{- end }}", StringComparison.Ordinal));

        Assert.False(result.Succeeded, "a template with an unclosed action rendered");
        Assert.Contains("deployment.yaml", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_reading_a_value_that_does_not_exist_fails_the_render()
    {
        var result = RenderBroken("service.yaml", text => text.Replace("$svc.service.port", "$svc.service.portt", StringComparison.Ordinal));

        Assert.False(result.Succeeded, "a misspelt value rendered as empty instead of failing");
    }

    [Fact]
    public void A_template_that_renders_an_invalid_object_fails_validation()
    {
        var broken = RenderBroken("deployment.yaml", text => text.Replace("containerPort: 8080", "containerPort: http-port", StringComparison.Ordinal));
        Assert.True(broken.Succeeded, broken.ToString());

        var json = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.json");
        var validation = Manifests.Validate(broken.Output, json);
        File.Delete(json);

        Assert.False(validation.Succeeded, "a Deployment with a non-numeric containerPort passed validation");
        Assert.Contains("containerPort", validation.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_that_renders_broken_yaml_fails_the_render()
    {
        var result = RenderBroken("service.yaml", text => text.Replace("  type: ", "  type: \"", StringComparison.Ordinal));

        Assert.False(result.Succeeded, "a template producing invalid YAML rendered");
    }

    [Theory]
    [InlineData("devices:\n  replicaCount: -1\n", "replicaCount")]
    [InlineData("devices:\n  replicaCont: 2\n", "replicaCont")]
    [InlineData("postgres:\n  password: hunter2\n", "password")]
    [InlineData("notifications:\n  twilio:\n    authToken: 0123456789abcdef\n", "authToken")]
    [InlineData("gateway:\n  extraEnv:\n    - name: Twilio__AuthToken\n      value: 0123456789abcdef\n", "extraEnv")]
    [InlineData("containerSecurityContext:\n  readOnlyRootFilesystem: false\n", "readOnlyRootFilesystem")]
    [InlineData("podSecurityContext:\n  runAsNonRoot: false\n", "runAsNonRoot")]
    [InlineData("devices:\n  resources:\n    limits: null\n", "limits")]
    // No identity service, no other provider and no development key: nothing could check a token.
    [InlineData("identity:\n  enabled: false\nauth:\n  developmentKey:\n    configMap: \"\"\n", "configMap")]
    [InlineData("devices:\n  terminationGracePeriodSeconds: 20\n", "terminationGracePeriodSeconds")]
    public void A_bad_values_file_is_refused(string values, string expectedInMessage)
    {
        var file = Path.Combine(Path.GetTempPath(), $"bad-values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, values);
        try
        {
            var result = Chart.Render(valueFiles: [file]);

            Assert.False(result.Succeeded, $"these values rendered:\n{values}");
            Assert.Contains(expectedInMessage, result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static CommandResult RenderBroken(string template, Func<string, string> breakIt)
    {
        var copy = Tools.TemporaryDirectory();
        try
        {
            Tools.CopyDirectory(Tools.ChartDirectory, copy);
            var path = Path.Combine(copy, "templates", template);
            var original = File.ReadAllText(path);
            var broken = breakIt(original);
            Assert.NotEqual(original, broken);
            File.WriteAllText(path, broken);
            return Chart.Render(chartDirectory: copy);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
