using Platform.Testing;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Platform.Deployment.Tests;

/// <summary>
/// The images' settings evaluate as the chart expects them, and what goes into an image runs as its non-root user.
/// No base image can be pulled here, so the image itself is not built: the published application is run as user 1654
/// from a folder that user cannot write to, the way the chart runs it (read-only root filesystem, /tmp a volume).
/// </summary>
public sealed class BuildingTheImages
{
    private const string ImageUser = "1654";

    public static TheoryData<string> ImageProjects()
    {
        var data = new TheoryData<string>();
        foreach (var project in Directory.GetFiles(Path.Combine(Tools.RepositoryRoot, "services"), "*.Api.csproj", SearchOption.AllDirectories)
                     .Append(Path.Combine(Tools.RepositoryRoot, "gateway", "Platform.Gateway", "Platform.Gateway.csproj"))
                     .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            data.Add(Path.GetRelativePath(Tools.RepositoryRoot, project));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ImageProjects))]
    public void Each_service_image_is_a_chiseled_non_root_image_the_chart_deploys(string project)
    {
        var properties = Properties(project, "ContainerRepository", "ContainerImageTag", "ContainerBaseImage", "ContainerUser");
        var ports = Tools.Run("dotnet", ["msbuild", project, "-getItem:ContainerPort"]);

        Assert.Matches("^platform/[a-z]+$", properties["ContainerRepository"]);
        Assert.Matches("^mcr\\.microsoft\\.com/dotnet/aspnet:10\\.0-[a-z]+-chiseled", properties["ContainerBaseImage"]);
        Assert.Equal(ImageUser, properties["ContainerUser"]);
        Assert.Contains("\"Identity\": \"8080\"", ports.Output, StringComparison.Ordinal);
        var image = $"{properties["ContainerRepository"]}:{properties["ContainerImageTag"]}";
        Assert.Contains(image, DeployedImages());
    }

    [Fact]
    public void Tools_and_tests_get_no_image()
    {
        var sandbox = Properties("tools/Platform.TwilioSandbox/Platform.TwilioSandbox.csproj", "ContainerRepository");

        Assert.Equal("", sandbox["ContainerRepository"]);
    }

    [Fact]
    public async Task The_published_gateway_runs_as_the_images_non_root_user_from_a_folder_it_cannot_write()
    {
        var setpriv = Tools.Require("setpriv", "apt-get install util-linux");
        var published = PublishedGateway();
        var app = Tools.TemporaryDirectory();
        Process? gateway = null;
        try
        {
            Tools.CopyDirectory(published, app);
            var port = FreePort();
            var start = new ProcessStartInfo(setpriv)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = app,
            };
            foreach (var argument in new[] { $"--reuid={ImageUser}", $"--regid={ImageUser}", "--clear-groups", "--no-new-privs",
                         Tools.Require("dotnet", "the .NET SDK"), "Platform.Gateway.dll" })
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["HOME"] = "/nonexistent";
            // Metadata is fetched on the first authenticated request only; /health/live is anonymous.
            start.Environment["Auth__Authority"] = "https://login.example.invalid/realms/platform";
            foreach (var service in new[] { "identity", "alerts", "contacts", "devices", "notifications", "evidence" })
            {
                start.Environment[$"Services__{service}"] = "http://127.0.0.1:9";
            }
            gateway = Process.Start(start)!;
            var output = gateway.StandardOutput.ReadToEndAsync();
            var error = gateway.StandardError.ReadToEndAsync();

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            // Stops waiting as soon as the process exits: its output then says why.
            var live = await Eventually.ValueAsync(async () =>
            {
                if (gateway.HasExited)
                {
                    return (true, false);
                }
                using var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/live"));
                return (answer.IsSuccessStatusCode, true);
            }, $"the published gateway to answer /health/live as user {ImageUser}", TimeSpan.FromSeconds(60));
            var uid = File.ReadAllLines($"/proc/{gateway.Id}/status").FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal));

            Assert.True(live, $"the gateway did not answer /health/live as user {ImageUser}; it printed:\n" +
                (gateway.HasExited ? await output + await error : "(still running)"));
            Assert.Equal(ImageUser, uid?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        finally
        {
            if (gateway is { HasExited: false })
            {
                gateway.Kill(entireProcessTree: true);
                gateway.WaitForExit();
            }
            gateway?.Dispose();
            Directory.Delete(app, recursive: true);
        }
    }

    private static Dictionary<string, string> Properties(string project, params string[] names)
    {
        var result = Tools.Run("dotnet", ["msbuild", project, .. names.Select(n => $"-getProperty:{n}")]);
        Assert.True(result.Succeeded, result.ToString());
        if (names.Length == 1)
        {
            // One property is printed as its bare value, several as JSON.
            return new Dictionary<string, string> { [names[0]] = result.Output.Trim() };
        }
        var properties = JsonNode.Parse(result.Output)!["Properties"]!.AsObject();
        return names.ToDictionary(n => n, n => (string?)properties[n] ?? "");
    }

    private static List<string> DeployedImages() =>
        Chart.ValidObjects("default").Where(o => (string?)o!["kind"] == "Deployment")
            .Select(o => (string)o!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!).ToList();

    private static readonly object PublishLock = new();
    private static readonly string[] GatewaySources = ["gateway", "services/Platform.ServiceDefaults"];

    /// <summary>One Release publish of the gateway, kept until a source it is built from changes.</summary>
    private static string PublishedGateway()
    {
        lock (PublishLock)
        {
            var output = Path.Combine(AppContext.BaseDirectory, "gateway-publish");
            var stamp = Path.Combine(output, ".published");
            var sources = GatewaySources
                .SelectMany(d => Directory.GetFiles(Path.Combine(Tools.RepositoryRoot, d), "*", SearchOption.AllDirectories))
                .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
                .Concat(Directory.GetFiles(Tools.RepositoryRoot, "Directory.*"));
            if (File.Exists(stamp) && sources.All(f => File.GetLastWriteTimeUtc(f) < File.GetLastWriteTimeUtc(stamp)))
            {
                return output;
            }
            var publish = Tools.Run("dotnet", ["publish", "gateway/Platform.Gateway/Platform.Gateway.csproj", "-c", "Release",
                "-o", output, "-nologo", "-v", "quiet"], timeout: TimeSpan.FromMinutes(8));
            Assert.True(publish.Succeeded, $"dotnet publish of the gateway failed: {publish}");
            File.WriteAllText(stamp, DateTime.UtcNow.ToString("O"));
            return output;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
