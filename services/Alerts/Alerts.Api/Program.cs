using JasperFx.MultiTenancy;
using Platform.Alerts.Api;
using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Acknowledging;
using Platform.Alerts.Api.Alerts.Escalating;
using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Api.Alerts.ChoosingPressPatterns;
using Platform.Alerts.Api.Alerts.Triggering;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Api.Alerts.RefusingPresses;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Alerts.Api.Alerts.NotingSealedEvidence;
using Platform.Alerts.Api.Alerts.RecordingNotifications;
using Platform.Alerts.Api.Alerts.SharingLocation;
using Platform.Alerts.Api.Devices;
using Platform.Alerts.Api.Timers;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Scheduling;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("alerts");
builder.AddPlatformMarten<AlertsOutbox>("alerts", options =>
{
    // Alert streams are the most sensitive reads: the association is enforced by the store itself.
    options.Events.TenancyStyle = TenancyStyle.Conjoined;
    options.Policies.AllDocumentsAreMultiTenanted();
    options.Schema.For<PairedDevice>();
    options.Schema.For<RefusedPress>();
    options.Schema.For<AlertSummary>().Index(summary => summary.BeneficiaryId);
    options.Schema.For<AlertPins>();
    options.Schema.For<PinAttempts>();
    options.Schema.For<EscalationPolicy>();
    options.Schema.For<PressPatternSettings>();
    options.Schema.For<JoinedPress>();
}, wakeOnAppend: true);
builder.AddWakeUps("alerts");
builder.Services.AddWakeUpHandler<EscalationWakeUp>();
builder.AddLocationSharing();
builder.AddCancelling();
builder.AddPinGuard();
builder.AddPinConfirmations();
builder.AddEscalationPolicies();
builder.AddSafetyTimers();
builder.AddPlatformBus("alerts", bus =>
{
    bus.AddConsumer<DeviceLifecycleConsumer>();
    bus.AddConsumer<NotificationOutcomeConsumer>(typeof(NotificationOutcomeConsumerDefinition));
    bus.AddConsumer<AcknowledgementConsumer>(typeof(AcknowledgementConsumerDefinition));
    bus.AddConsumer<SmsFallbackPressConsumer>();
    bus.AddConsumer<NobodyReachableConsumer>();
    bus.AddConsumer<EvidenceSealedConsumer>(typeof(EvidenceSealedConsumerDefinition));
});

var app = builder.Build();
app.UsePlatformDefaults();
app.MapAlertsApi();
app.MapSafetyTimers();
app.Run();

public partial class Program;
