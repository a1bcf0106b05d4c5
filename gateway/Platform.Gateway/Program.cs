using Platform.Gateway;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddGatewayRoutes();
builder.AddRateLimits();

var app = builder.Build();
// Problem details first: they must wrap every refusal below, including the body limit's.
// Rate limits between authentication (a token's subject is a partition) and authorization (a flood of bad tokens counts too).
app.UsePlatformDefaults(serveOpenApi: false, rateLimited: true);
app.UseCorrelationId();
app.UseRequestBodyLimit();
app.MapReverseProxy();
app.Run();

public partial class Program;
