using Platform.Notifications.Api.Cancelling;
using Platform.Notifications.Api.Consent;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.DeviceHealth;
using Platform.Notifications.Api.FanOut;
using Platform.Notifications.Api.Sms;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("notifications");
builder.AddPlatformMarten("notifications", options =>
{
    options.Schema.For<ContactsCopy>().UseOptimisticConcurrency(true);
    options.Schema.For<SmsDispatch>().UseOptimisticConcurrency(true);
    options.Schema.For<RosterCopy>();
    options.Schema.For<ConsentRequest>().Index(request => request.Phone);
});
builder.AddPlatformBus("notifications", bus =>
{
    bus.AddConsumer<ContactsChangedConsumer>(typeof(ContactsChangedConsumerDefinition));
    bus.AddConsumer<AlertTriggeredConsumer>();
    bus.AddConsumer<DispatchSmsConsumer>();
    bus.AddConsumer<ContactConsentRequestedConsumer>();
    bus.AddConsumer<RosterChangedConsumer>();
    bus.AddConsumer<DeviceHealthConsumer>();
    bus.AddConsumer<AlertCancelledConsumer>();
});
builder.AddTwilio();
builder.Services.AddScoped<OnceOnlySms>();

var app = builder.Build();
app.UsePlatformDefaults();
app.MapInboundSmsWebhook();
app.Run();

public partial class Program;
