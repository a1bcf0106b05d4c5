using Platform.Devices.Api;
using Platform.Devices.Api.Beneficiaries;
using Platform.Devices.Api.Devices;
using Platform.Devices.Api.Devices.Health;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("devices");
builder.AddPlatformMarten<DevicesOutbox>("devices", DevicesSchema.Configure);
builder.AddPlatformBus("devices", bus => bus.AddConsumer<BeneficiaryEnrolledConsumer>());
builder.AddSilentDeviceWatch();

var app = builder.Build();
app.UsePlatformDefaults();
app.MapDevicesApi();
app.Run();

public partial class Program;
