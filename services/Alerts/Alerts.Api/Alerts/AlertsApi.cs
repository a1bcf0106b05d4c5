using Platform.Alerts.Api.Alerts.Reading;
using Platform.Alerts.Api.Alerts.RefusingPresses;
using Platform.Alerts.Api.Alerts.Triggering;

namespace Platform.Alerts.Api.Alerts;

public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/alerts").WithTags("Alerts");
        alerts.MapTriggerAlert();
        alerts.MapGetAlert();
        alerts.MapRefusedPresses();
        return app;
    }
}
