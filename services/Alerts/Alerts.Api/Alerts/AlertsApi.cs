using Microsoft.AspNetCore.Authorization;
using Platform.Alerts.Api.Alerts.Acknowledging;
using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Api.Alerts.ConfirmingWithHerPin;
using Platform.Alerts.Api.Alerts.ChoosingPressPatterns;
using Platform.Alerts.Api.Alerts.Drilling;
using Platform.Alerts.Api.Alerts.Escalating;
using Platform.Alerts.Api.Alerts.ChoosingPins;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Alerts.Api.Alerts.Reading;
using Platform.Alerts.Api.Alerts.RefusingPresses;
using Platform.Alerts.Api.Alerts.Resolving;
using Platform.Alerts.Api.Alerts.SharingLocation;
using Platform.Alerts.Api.Alerts.Triggering;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Alerts.Api.Alerts;

public static class AlertsApi
{
    /// <summary>
    /// Her or an operator of her association; each slice then answers 404 to whoever the alert is not for, so a
    /// caller learns nothing about an alert that is not theirs, not even that it exists.
    /// </summary>
    public static void HerOrHerOperators(AuthorizationPolicyBuilder policy) =>
        policy.RequireRole(PlatformRoles.Beneficiary, PlatformRoles.Operator).RequireClaim(PlatformClaims.AssociationId);

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/alerts").WithTags("Alerts");
        alerts.MapAlertSettings();
        alerts.MapPinConfirmations();
        alerts.MapTriggerAlert();
        alerts.MapGetAlert();
        alerts.MapRefusedPresses();
        alerts.MapResolveAlert();
        alerts.MapRecordLocations();
        alerts.MapListAlerts();
        alerts.MapCancelAlert();
        alerts.MapEscalationPolicy();
        alerts.MapResponders();
        alerts.MapTakingItInHand();
        alerts.MapPressPatterns();
        alerts.MapDrillReport();
        return app;
    }
}
