using Platform.Contacts.Api;
using Platform.Contacts.Api.Beneficiaries;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("contacts");
builder.AddPlatformMarten<ContactsOutbox>("contacts", _ => { });
builder.AddPlatformBus("contacts", _ => { });

var app = builder.Build();
app.UsePlatformDefaults();
app.MapBeneficiariesApi();
app.Run();

public partial class Program;
