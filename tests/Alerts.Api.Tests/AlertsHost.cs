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
    public async Task<PairedBeneficiary> PairedBeneficiaryAsync(Guid? ofAssociation = null)
    {
        var (associationId, beneficiaryId, deviceId) = (ofAssociation ?? Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
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

/// <summary>Alerts a test needs apart from each other.</summary>
public static class SeparateAlerts
{
    /// <summary>
    /// Her alerts that stay apart: each press after the window since the last (within it, she pressing again joins the
    /// alert she already raised). Her host's clock moves on by the window each time.
    /// </summary>
    public static async Task<Guid[]> SeparateAlertsAsync(this AlertsHost host, PairedBeneficiary she, int count = 2)
    {
        var alerts = new Guid[count];
        for (var press = 0; press < count; press++)
        {
            if (press > 0)
            {
                host.Clock.Advance(Alerts.Triggering.TriggerAlertSlice.SamePressWindow + TimeSpan.FromSeconds(1));
            }
            alerts[press] = await AlertRequests.TriggerAsync(she);
        }
        return alerts;
    }
}

/// <summary>Another replica of the alerts service on the same database and virtual host, with a clock of its own.</summary>
public sealed class AlertsReplica(AlertsHost first) : AlertsHost(first);

/// <param name="HerOperator">An operator of her association: the only caller shown the stream version (ETag).</param>
public sealed record PairedBeneficiary(Guid AssociationId, Guid BeneficiaryId, Guid DeviceId, HttpClient She, HttpClient HerOperator);
