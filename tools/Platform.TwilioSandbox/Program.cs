using Platform.TwilioSandbox;

var builder = WebApplication.CreateBuilder(args);
builder.AddTwilioSandbox();

var app = builder.Build();
app.MapSandboxHealth();
app.MapTwilioApi();
app.MapSandboxApi();
app.Run();

public partial class Program;
