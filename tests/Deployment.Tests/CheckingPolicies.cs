using System.Text.Json.Nodes;

namespace Platform.Deployment.Tests;

/// <summary>
/// What an SRE relies on, checked on every rendered workload: non-root, limits, probes, a read-only root filesystem,
/// the restricted Pod Security profile, no API token, graceful shutdown, and a PDB and a NetworkPolicy for each.
/// </summary>
public sealed class CheckingPolicies
{
    [Theory]
    [MemberData(nameof(Chart.Configurations), MemberType = typeof(Chart))]
    public void Every_container_runs_as_non_root_with_limits_and_a_read_only_root_filesystem(string configuration)
    {
        var problems = new List<string>();
        foreach (var (name, pod) in PodSpecs(Chart.ValidObjects(configuration)))
        {
            Expect(pod["automountServiceAccountToken"]?.GetValue<bool>() == false, $"{name}: mounts an API token", problems);
            var podSecurity = pod["securityContext"];
            foreach (var container in pod["containers"]!.AsArray())
            {
                var where = $"{name}/{container!["name"]}";
                var security = container["securityContext"];
                var runAsNonRoot = security?["runAsNonRoot"]?.GetValue<bool>() ?? podSecurity?["runAsNonRoot"]?.GetValue<bool>();
                var runAsUser = security?["runAsUser"]?.GetValue<long>() ?? podSecurity?["runAsUser"]?.GetValue<long>();
                Expect(runAsNonRoot == true, $"{where}: runAsNonRoot is not true", problems);
                Expect(runAsUser is > 0, $"{where}: no numeric non-root runAsUser", problems);
                Expect(security?["allowPrivilegeEscalation"]?.GetValue<bool>() == false, $"{where}: privilege escalation allowed", problems);
                Expect(security?["readOnlyRootFilesystem"]?.GetValue<bool>() == true, $"{where}: root filesystem writable", problems);
                Expect(security?["capabilities"]?["drop"]?.AsArray().Any(c => (string?)c == "ALL") == true, $"{where}: capabilities not dropped", problems);
                var seccomp = (string?)(security?["seccompProfile"]?["type"] ?? podSecurity?["seccompProfile"]?["type"]);
                Expect(seccomp == "RuntimeDefault", $"{where}: seccomp profile is not RuntimeDefault", problems);
                var limits = container["resources"]?["limits"];
                Expect(limits?["cpu"] is not null && limits["memory"] is not null, $"{where}: no cpu and memory limits", problems);
                Expect(container["resources"]?["requests"]?["memory"] is not null, $"{where}: no memory request", problems);
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Chart.Configurations), MemberType = typeof(Chart))]
    public void Every_service_is_probed_on_its_health_endpoints_and_shuts_down_before_it_is_killed(string configuration)
    {
        var problems = new List<string>();
        foreach (var deployment in Kind(Chart.ValidObjects(configuration), "Deployment"))
        {
            var name = (string)deployment["metadata"]!["name"]!;
            var pod = deployment["spec"]!["template"]!["spec"]!;
            var container = pod["containers"]![0]!;
            Expect((string?)container["livenessProbe"]?["httpGet"]?["path"] == "/health/live", $"{name}: liveness is not /health/live", problems);
            Expect((string?)container["readinessProbe"]?["httpGet"]?["path"] == "/health/ready", $"{name}: readiness is not /health/ready", problems);
            Expect(container["startupProbe"] is not null, $"{name}: no startup probe", problems);
            var preStop = container["lifecycle"]?["preStop"]?["sleep"]?["seconds"]?.GetValue<long>() ?? 0;
            var grace = pod["terminationGracePeriodSeconds"]?.GetValue<long>() ?? 30;
            var shutdown = container["env"]!.AsArray().FirstOrDefault(e => (string?)e!["name"] == "HostOptions__ShutdownTimeout");
            Expect(preStop > 0, $"{name}: no preStop pause", problems);
            Expect(shutdown is not null, $"{name}: HostOptions__ShutdownTimeout not set", problems);
            if (shutdown is not null)
            {
                var seconds = TimeSpan.Parse((string)shutdown["value"]!, System.Globalization.CultureInfo.InvariantCulture).TotalSeconds;
                Expect(preStop + seconds < grace, $"{name}: preStop {preStop} s + shutdown {seconds} s is not below the grace period {grace} s", problems);
                // The longest in-flight work: a webhook attempt (15 s timeout) or a Twilio request (10 s).
                Expect(seconds >= 15 || name.EndsWith("-gateway", StringComparison.Ordinal), $"{name}: shutdown {seconds} s is shorter than the longest in-flight message", problems);
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Chart.Configurations), MemberType = typeof(Chart))]
    public void Every_workload_is_covered_by_a_disruption_budget_and_a_network_policy(string configuration)
    {
        var objects = Chart.ValidObjects(configuration);
        var budgets = Kind(objects, "PodDisruptionBudget").Select(b => b["spec"]!["selector"]!["matchLabels"]!.AsObject()).ToList();
        var policies = Kind(objects, "NetworkPolicy").ToList();
        Assert.Contains(policies, p => p["spec"]!["ingress"] is null && p["spec"]!["egress"] is null
            && p["spec"]!["policyTypes"]!.AsArray().Count == 2);

        var problems = new List<string>();
        foreach (var (name, labels) in PodLabels(objects))
        {
            var isTestPod = labels["app.kubernetes.io/component"]?.ToString() == "test";
            Expect(isTestPod || budgets.Any(selector => Matches(selector, labels)), $"{name}: no PodDisruptionBudget selects it", problems);
            var allowing = policies.Where(p => Matches(p["spec"]!["podSelector"]!["matchLabels"]!.AsObject(), labels)
                && (p["spec"]!["ingress"] is not null || p["spec"]!["egress"] is not null)).ToList();
            Expect(allowing.Count > 0, $"{name}: no NetworkPolicy selects it", problems);
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Only_notifications_reaches_the_internet_and_only_the_gateway_is_reachable_from_the_ingress_controller()
    {
        var policies = Kind(Chart.ValidObjects("default"), "NetworkPolicy").ToDictionary(p => (string)p["metadata"]!["name"]!);

        foreach (var (name, policy) in policies.Where(p => p.Key != "platform-default-deny" && p.Key != "platform-test"))
        {
            var egressTo443 = policy["spec"]!["egress"]!.AsArray().Any(rule => rule!["ports"]!.AsArray().Any(p => p!["port"]?.ToString() == "443"));
            Assert.True(egressTo443 == (name == "platform-notifications"), $"{name}: egress on 443 is {egressTo443}");
            var fromOutsideTheRelease = policy["spec"]!["ingress"]!.AsArray()
                .SelectMany(rule => rule!["from"]!.AsArray()).Any(peer => peer!["namespaceSelector"] is not null);
            Assert.True(fromOutsideTheRelease == (name == "platform-gateway"), $"{name}: ingress from another namespace is {fromOutsideTheRelease}");
        }
    }

    [Fact]
    public void Every_service_and_the_gateway_take_their_tokens_from_the_in_cluster_identity_service_and_reach_only_it()
    {
        var objects = Chart.ValidObjects("production");
        var policies = Kind(objects, "NetworkPolicy").ToDictionary(p => (string)p["metadata"]!["name"]!);
        var identityUrl = "http://platform-identity.platform.svc:80";

        foreach (var (name, pod) in PodSpecs(objects).Where(p => p.Name.StartsWith("Deployment/", StringComparison.Ordinal)))
        {
            var env = pod["containers"]![0]!["env"]!.AsArray();
            string? Env(string key) => env.FirstOrDefault(e => (string?)e!["name"] == key)?["value"]?.ToString();
            Assert.True(Env("Auth__Authority") == identityUrl, $"{name}: Auth__Authority is {Env("Auth__Authority")}");
            Assert.True(Env("Auth__Issuer") == "https://platform.example.org/", $"{name}: Auth__Issuer is {Env("Auth__Issuer")}");
            Assert.True(Env("Auth__DevelopmentKeyFile") is null, $"{name}: a development key in production");
        }
        foreach (var (name, policy) in policies.Where(p => p.Key != "platform-default-deny" && p.Key != "platform-test"))
        {
            var rules = policy["spec"]!["egress"]!.AsArray();
            // Every workload reaches the identity pods on their port...
            Assert.True(rules.Any(rule => rule!["ports"]!.AsArray().Any(p => p!["port"]?.ToString() == "8080")
                && rule["to"]?.AsArray().Any(peer => peer!["podSelector"]?["matchLabels"]?["app.kubernetes.io/component"]?.ToString() == "identity") == true),
                $"{name}: no egress to the identity service");
            // ...and the open internet on 443 stays notifications' (Twilio, webhooks) and evidence's blob store.
            var anywhere = rules.Any(rule => rule!["ports"]!.AsArray().Any(p => p!["port"]?.ToString() == "443")
                && (rule["to"] is null || rule["to"]!.AsArray().Any(peer => peer!["ipBlock"]?["cidr"]?.ToString() == "0.0.0.0/0")));
            Assert.True(anywhere == (name == "platform-notifications") || (name == "platform-evidence" && anywhere),
                $"{name}: egress to any address on 443 is {anywhere}");
        }
        // The identity service is reached by the release's own pods only, never from another namespace.
        var identityIngress = policies["platform-identity"]["spec"]!["ingress"]!.AsArray().SelectMany(rule => rule!["from"]!.AsArray()).ToList();
        Assert.All(identityIngress, peer => Assert.Null(peer!["namespaceSelector"]));
        Assert.All(identityIngress, peer => Assert.Equal("platform", peer!["podSelector"]!["matchLabels"]!["app.kubernetes.io/instance"]!.ToString()));
    }

    [Fact]
    public void With_another_identity_provider_every_service_and_the_gateway_reach_it_and_only_notifications_the_internet()
    {
        var values = Path.Combine(Tools.TemporaryDirectory(), "another-provider.yaml");
        File.WriteAllText(values, """
            auth:
              authority: https://login.example.org/realms/platform
              issuer: https://login.example.org/realms/platform
              networkPolicyPeers:
                - ipBlock:
                    cidr: 203.0.113.10/32
            """);
        var policies = Kind(Manifests.ValidateOrFail(Chart.RenderOrFail([Chart.ValuesFile("values-prod.yaml"), values])), "NetworkPolicy")
            .ToDictionary(p => (string)p["metadata"]!["name"]!);

        foreach (var (name, policy) in policies.Where(p => p.Key != "platform-default-deny" && p.Key != "platform-test"))
        {
            var rules = policy["spec"]!["egress"]!.AsArray();
            // The provider's address only: every workload reaches it on 443, and only it...
            Assert.True(rules.Any(rule => rule!["ports"]!.AsArray().Any(p => p!["port"]?.ToString() == "443")
                && rule["to"]?.AsArray().Any(peer => peer!["ipBlock"]?["cidr"]?.ToString() == "203.0.113.10/32") == true),
                $"{name}: no egress to the identity provider");
            // ...while the open internet on 443 stays notifications' alone (Twilio, webhooks).
            var anywhere = rules.Any(rule => rule!["ports"]!.AsArray().Any(p => p!["port"]?.ToString() == "443")
                && (rule["to"] is null || rule["to"]!.AsArray().Any(peer => peer!["ipBlock"]?["cidr"]?.ToString() == "0.0.0.0/0")));
            Assert.True(anywhere == (name == "platform-notifications") || (name == "platform-evidence" && anywhere),
                $"{name}: egress to any address on 443 is {anywhere}");
        }
    }

    [Fact]
    public void With_an_outside_provider_for_staff_the_identity_service_alone_reaches_it_with_its_settings_from_values_and_secret()
    {
        var values = Path.Combine(Tools.TemporaryDirectory(), "staff-provider.yaml");
        File.WriteAllText(values, """
            identity:
              federation:
                issuer: https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0
                clientId: platform-console
                existingSecret: platform-identity-federation
                displayName: Microsoft 365 du CIDFF
                networkPolicyPeers:
                  - ipBlock:
                      cidr: 198.51.100.0/24
            """);
        var objects = Manifests.ValidateOrFail(Chart.RenderOrFail([Chart.ValuesFile("values-prod.yaml"), values]));
        var policies = Kind(objects, "NetworkPolicy").ToDictionary(p => (string)p["metadata"]!["name"]!);

        foreach (var (name, policy) in policies.Where(p => p.Key != "platform-default-deny" && p.Key != "platform-test"))
        {
            var reachesProvider = policy["spec"]!["egress"]!.AsArray().Any(rule => rule!["ports"]?.AsArray().Any(p => p!["port"]?.ToString() == "443") == true
                && rule["to"]?.AsArray().Any(peer => peer!["ipBlock"]?["cidr"]?.ToString() == "198.51.100.0/24") == true);
            Assert.True(reachesProvider == (name == "platform-identity"), $"{name}: egress to the staff's provider is {reachesProvider}");
        }
        var identity = PodSpecs(objects).Single(p => p.Name == "Deployment/platform-identity").Pod["containers"]![0]!["env"]!.AsArray();
        JsonNode? Env(string key) => identity.FirstOrDefault(e => (string?)e!["name"] == key);
        Assert.Equal("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0", Env("Identity__Federation__Issuer")?["value"]?.ToString());
        Assert.Equal("platform-console", Env("Identity__Federation__ClientId")?["value"]?.ToString());
        Assert.Equal("Microsoft 365 du CIDFF", Env("Identity__Federation__DisplayName")?["value"]?.ToString());
        // The client's secret comes from its Secret, never from values.
        Assert.Null(Env("Identity__Federation__ClientSecret")?["value"]);
        Assert.Equal("platform-identity-federation", Env("Identity__Federation__ClientSecret")?["valueFrom"]?["secretKeyRef"]?["name"]?.ToString());

        // Without it (the default), no federation setting and no such egress.
        var plain = PodSpecs(Chart.ValidObjects("production")).Single(p => p.Name == "Deployment/platform-identity").Pod["containers"]![0]!["env"]!.AsArray();
        Assert.DoesNotContain(plain, e => e!["name"]!.ToString().StartsWith("Identity__Federation__", StringComparison.Ordinal));
        // An issuer over plain http is refused by the schema: the provider's answers are her sign-in.
        var http = Chart.Render(valueFiles: [Chart.ValuesFile("values-prod.yaml")],
            sets: ["identity.federation.issuer=http://keycloak.example.org/realms/cidff", "identity.federation.clientId=platform"]);
        Assert.False(http.Succeeded, http.ToString());
    }

    [Fact]
    public void The_console_reaches_the_api_through_the_gateway_and_holds_no_database()
    {
        var objects = Chart.ValidObjects("production");
        var policies = Kind(objects, "NetworkPolicy").ToDictionary(p => (string)p["metadata"]!["name"]!);
        var console = PodSpecs(objects).Single(p => p.Name == "Deployment/platform-console").Pod["containers"]![0]!["env"]!.AsArray();
        string? Env(string key) => console.FirstOrDefault(e => (string?)e!["name"] == key)?["value"]?.ToString();

        Assert.Equal("http://platform-gateway.platform.svc:80", Env("Console__Gateway"));
        Assert.Equal("http://platform-identity.platform.svc:80", Env("Auth__Authority"));
        Assert.Null(console.FirstOrDefault(e => (string?)e!["name"] == "ConnectionStrings__Postgres"));

        static string? Component(JsonNode? peer) => peer?["podSelector"]?["matchLabels"]?["app.kubernetes.io/component"]?.ToString();
        var consoleRules = policies["platform-console"]["spec"]!;
        // Only the gateway calls it; it calls the gateway, the identity service and the broker, never PostgreSQL.
        Assert.Equal(["gateway"], consoleRules["ingress"]!.AsArray().SelectMany(rule => rule!["from"]!.AsArray()).Select(Component));
        var egress = consoleRules["egress"]!.AsArray();
        Assert.Contains(egress, rule => rule!["to"]?.AsArray().Any(peer => Component(peer) == "gateway") == true);
        Assert.DoesNotContain(egress, rule => rule!["ports"]?.AsArray().Any(p => p!["port"]?.ToString() == "5432") == true);
        Assert.Contains(policies["platform-gateway"]["spec"]!["ingress"]!.AsArray(),
            rule => rule!["from"]!.AsArray().Any(peer => Component(peer) == "console"));

        // Without an identity provider nobody could sign in to it: the chart says so instead of deploying it.
        var withoutIdentity = Chart.Render(sets: ["identity.enabled=false"]);
        Assert.False(withoutIdentity.Succeeded);
        Assert.Contains("console.enabled needs an identity provider", withoutIdentity.ToString(), StringComparison.Ordinal);
        Assert.True(Chart.Render(sets: ["identity.enabled=false", "console.enabled=false"]).Succeeded);
    }

    private static void Expect(bool condition, string problem, List<string> problems)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }

    private static IEnumerable<JsonNode> Kind(JsonArray objects, string kind) => objects.Where(o => (string?)o!["kind"] == kind)!;

    private static IEnumerable<(string Name, JsonNode Pod)> PodSpecs(JsonArray objects)
    {
        foreach (var o in objects)
        {
            var name = $"{o!["kind"]}/{o["metadata"]!["name"]}";
            switch ((string?)o["kind"])
            {
                case "Deployment" or "StatefulSet" or "DaemonSet" or "Job":
                    yield return (name, o["spec"]!["template"]!["spec"]!);
                    break;
                case "Pod":
                    yield return (name, o["spec"]!);
                    break;
            }
        }
    }

    private static IEnumerable<(string Name, JsonObject Labels)> PodLabels(JsonArray objects)
    {
        foreach (var o in objects)
        {
            var name = $"{o!["kind"]}/{o["metadata"]!["name"]}";
            switch ((string?)o["kind"])
            {
                case "Deployment" or "StatefulSet" or "DaemonSet":
                    yield return (name, o["spec"]!["template"]!["metadata"]!["labels"]!.AsObject());
                    break;
                case "Pod":
                    yield return (name, o["metadata"]!["labels"]!.AsObject());
                    break;
            }
        }
    }

    private static bool Matches(JsonObject selector, JsonObject labels) =>
        selector.All(pair => labels[pair.Key]?.ToString() == pair.Value?.ToString());
}
