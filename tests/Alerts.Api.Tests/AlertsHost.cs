using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Alerts.Api.Devices;
using Platform.Devices.Contracts;
using Platform.Testing;

namespace Platform.Alerts.Api.Tests;

public class AlertsHost : ServiceHost<Program>
{
    public AlertsHost()
        : base("alerts")
    {
    }

    protected AlertsHost(AlertsHost first)
        : base(first)
    {
    }

    /// <summary>The service's clock: real time, which a test may stop and move forward (never a sleep).</summary>
    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A beneficiary whose button the devices service paired, as the alerts service learns it: by an event.</summary>
    public async Task<PairedBeneficiary> PairedBeneficiaryAsync()
    {
        var (associationId, beneficiaryId, deviceId) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await PublishAsync(new DevicePaired(Guid.CreateVersion7(), DateTimeOffset.UtcNow, associationId, deviceId, beneficiaryId));
        var store = Services.GetRequiredService<IDocumentStore>();
        await Eventually.TrueAsync(async () =>
        {
            await using var session = store.QuerySession(associationId.ToString());
            return await session.LoadAsync<PairedDevice>(deviceId) is not null;
        }, "the pairing to reach the alerts service");
        return new PairedBeneficiary(associationId, beneficiaryId, deviceId, ClientWithToken(Tokens.Beneficiary(associationId, beneficiaryId)),
            ClientWithToken(Tokens.Operator(associationId)));
    }
}

/// <summary>Another replica of the alerts service on the same database and virtual host, with a clock of its own.</summary>
public sealed class AlertsReplica(AlertsHost first) : AlertsHost(first);

/// <param name="HerOperator">An operator of her association: the only caller shown the stream version (ETag).</param>
public sealed record PairedBeneficiary(Guid AssociationId, Guid BeneficiaryId, Guid DeviceId, HttpClient She, HttpClient HerOperator);

public sealed class TestClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _stoppedAt;
    private TimeSpan _ahead;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return (_stoppedAt ?? System.GetUtcNow()) + _ahead;
        }
    }

    /// <summary>Stops the clock until the returned handle is disposed, so a test decides exactly how much time passes.</summary>
    public IDisposable Stop()
    {
        lock (_gate)
        {
            _stoppedAt = System.GetUtcNow();
        }
        return new Restart(this);
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _ahead += by;
        }
    }

    private sealed class Restart(TestClock clock) : IDisposable
    {
        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._stoppedAt = null;
            }
        }
    }
}
