using Platform.Identity.Api.HerApp;
using Platform.Identity.Api.Sessions;
using Platform.Identity.Api.Staff;
using Platform.Identity.Api.Tokens;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identity");
builder.AddTokenServer();
builder.AddStaffSignIn();
builder.AddPasskeys();
builder.AddPlatformBus("identity", bus => bus.AddConsumer<BeneficiaryEnrolledConsumer>());

var app = builder.Build();
if (args is [FirstRegionAdmin.Command, .. var options])
{
    return await FirstRegionAdmin.RunAsync(app, options, Console.Out, Console.Error);
}
app.UseForwardedHeadersFromTheGateway();
app.UsePlatformDefaults();
app.UseAntiforgery();
app.MapTokenEndpoint();
app.MapRevocationList();
app.MapHerAppApi();
app.MapStaffApi();
app.MapStaffSignIn();
app.MapInvitationPages();
app.MapPasskeys();
app.MapOutsideIdentityProvider();
await app.RunAsync();
return 0;

public partial class Program;
