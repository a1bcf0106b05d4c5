using Platform.Notifications.Api.Contacts;
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
});
builder.AddPlatformBus("notifications", bus =>
{
    bus.AddConsumer<ContactsChangedConsumer>(typeof(ContactsChangedConsumerDefinition));
    bus.AddConsumer<AlertTriggeredConsumer>();
    bus.AddConsumer<DispatchSmsConsumer>();
});
builder.AddTwilio();

var app = builder.Build();
app.UsePlatformDefaults();
app.Run();

public partial class Program;
