using Platform.Gateway;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddGatewayRoutes();

var app = builder.Build();
// Problem details first: they must wrap every refusal below, including the body limit's.
app.UsePlatformDefaults(serveOpenApi: false);
app.UseCorrelationId();
app.UseRequestBodyLimit();
app.MapReverseProxy();
app.Run();

public partial class Program;
