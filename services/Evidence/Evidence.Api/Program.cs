using Platform.Evidence.Api;
using Platform.Evidence.Api.Alerts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("evidence");
builder.AddEvidence();
builder.AddPlatformBus("evidence", bus => bus.AddConsumer<AlertLifecycleConsumer>());

var app = builder.Build();
app.UsePlatformDefaults();
app.MapEvidenceApi();
app.Run();

public partial class Program;
