using MassTransit;
using Platform.Notifications.Api;
using Platform.Notifications.Api.Acknowledging;
using Platform.Notifications.Api.Calls;
using Platform.Notifications.Api.Cancelling;
using Platform.Notifications.Api.Consent;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.DeviceHealth;
using Platform.Notifications.Api.WatchingHerApp;
using Platform.Notifications.Api.WatchingTheRoster;
using Platform.Notifications.Api.Escalating;
using Platform.Notifications.Api.FallbackBySms;
using Platform.Notifications.Api.FanOut;
using Platform.Notifications.Api.Following;
using Platform.Notifications.Api.Sms;
using Platform.Notifications.Api.Telephony;
using Platform.Notifications.Api.Webhooks;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Scheduling;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("notifications");
builder.AddPlatformMarten<NotificationsOutbox>("notifications", options =>
{
    options.Schema.For<ContactsCopy>().UseOptimisticConcurrency(true).Index(copy => copy.BeneficiaryPhone);
    options.Schema.For<RefusedFallbackCode>();
    options.Schema.For<FallbackKey>();
    options.Schema.For<UsedFallbackCounter>();
    options.Schema.For<UnansweredInboundSms>();
    options.Schema.For<RosterCopy>();
    options.Schema.For<ConsentRequest>().Index(request => request.Phone);
    options.AddDispatchRecords().AddAcknowledgementRecords().AddWebhookRecords();
}, wakeOnAppend: true);
builder.AddPlatformBus("notifications", bus =>
{
    bus.AddConsumer<ContactsChangedConsumer>(typeof(ContactsChangedConsumerDefinition));
    bus.AddConsumer<RosterChangedConsumer>();
    bus.AddConsumer<AlertTriggeredConsumer>();
    bus.AddConsumer<Platform.Notifications.Api.FallbackBySms.ForgetTheKeyOfARevokedAppConsumer>();
    bus.AddConsumer<AlertEscalatedConsumer>();
    bus.AddConsumer<DispatchSmsConsumer>();
    bus.AddConsumer<DispatchCallConsumer>();
    bus.AddConsumer<AlertAcknowledgedConsumer>();
    bus.AddConsumer<AlertClosedConsumer>();
    bus.AddConsumer<AlertCancelledConsumer>();
    bus.AddConsumer<ContactConsentRequestedConsumer>();
    bus.AddConsumer<DeviceHealthConsumer>();
    bus.AddConsumer<BeneficiaryDuressConsumer>();
    bus.AddConsumer<HerProtectionChangedConsumer>();
    bus.AddConsumer<EvidenceErasureRequestedConsumer>();
    bus.AddConsumer<RosterGapAheadConsumer>();
    bus.AddAlertPage();
    bus.AddWebhookConsumers();
});
builder.AddTwilio();
builder.AddWebhooks();
// Webhook attempts fire from a pump of their own: a dead endpoint's backlog never holds back an SMS retry.
builder.AddWakeUps("notifications", new WakeUpLane("webhooks", [WebhookDelivery.AttemptKind, HoldingForAFailingEndpoint.ProbeKind]));
builder.Services.AddWakeUpHandler<DispatchRetryWakeUp>();
builder.Services.AddScoped<OnceOnlySms>().AddScoped<OnceOnlyCall>().AddScoped<AlertSmsDispatcher>();
builder.Services.AddSingleton(AcknowledgementWords.From(builder.Configuration)).AddSingleton<ContactsCatchUp>();
// Told when the contacts queue starts being read: alerts that waited before that wait for its backlog.
builder.Services.AddReceiveEndpointObserver(services => services.GetRequiredService<ContactsCatchUp>());

var app = builder.Build();
app.UsePlatformDefaults();
app.MapAlertPage();
app.MapWebhookEndpoints();
app.MapFallbackKey();
app.MapTwilioWebhookGroup().MapInboundSmsWebhook().MapVoiceCallbackWebhook().MapDeliveryStatusWebhook();
app.Run();

public partial class Program;
