using Platform.TwilioSandbox.Callbacks;
using Platform.TwilioSandbox.Calls;
using Platform.TwilioSandbox.Messages;
using Platform.TwilioSandbox.Recording;
using Platform.TwilioSandbox.Scripting;

namespace Platform.TwilioSandbox;

public static class SandboxServices
{
    public static WebApplicationBuilder AddTwilioSandbox(this WebApplicationBuilder builder)
    {
        // Request and HttpClient logs carry query strings (`?to=+44...`) and callback URLs:
        // keep them below Information so no phone number reaches the logs, whatever the config says.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        builder.Services.AddOptions<SandboxOptions>()
            .Bind(builder.Configuration.GetSection(SandboxOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Receive times are compared with a load test's own clock: monotonic, sub-millisecond, anchored to UTC.
        builder.Services.AddSingleton<TimeProvider>(new MonotonicUtcClock(TimeProvider.System));
        builder.Services.AddSingleton(services => new RecordLog<RecordedMessage>(MaxRecords(services)));
        builder.Services.AddSingleton(services => new RecordLog<RecordedCall>(MaxRecords(services)));
        builder.Services.AddSingleton<ScriptBook>();
        builder.Services.AddSingleton<StatusSequences>();
        builder.Services.AddStatusCallbacks();
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static IEndpointRouteBuilder MapSandboxHealth(this IEndpointRouteBuilder endpoints)
    {
        // Liveness runs no checks: a slow dependency must not get the process restarted.
        endpoints.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready");
        return endpoints;
    }

    private static int MaxRecords(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SandboxOptions>>().Value.MaxRecords;
}
