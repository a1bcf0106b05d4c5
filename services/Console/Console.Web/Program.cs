using Platform.OperatorConsole.Board;
using Platform.OperatorConsole.Components;
using Platform.OperatorConsole.Gateway;
using Platform.OperatorConsole.Signing;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
// The component library's files from its package when run from the build output (a published image has them in wwwroot).
builder.WebHost.UseStaticWebAssets();
builder.AddPlatformTelemetry("console");
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHealthChecks();
builder.AddConsoleSignIn();
builder.AddPlatformGateway();
builder.AddBoardFeed();
builder.AddConsolePages();

var app = builder.Build();
app.UseConsolePipeline();
app.MapConsoleSignIn();
app.MapConsolePages();
app.Run();

public partial class Program;
