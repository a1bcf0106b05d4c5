using Platform.Gateway;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddGatewayRoutes();

var app = builder.Build();
app.UseCorrelationId();
app.UseRequestBodyLimit();
app.UsePlatformDefaults(serveOpenApi: false);
app.MapReverseProxy();
app.Run();

public partial class Program;
