using Platform.Contacts.Api.Rosters.Reading;
using Platform.Contacts.Api.Rosters.RegionFallback;
using Platform.Contacts.Api.Rosters.Replacing;

namespace Platform.Contacts.Api.Rosters;

public static class RostersApi
{
    public static IEndpointRouteBuilder MapRostersApi(this IEndpointRouteBuilder app)
    {
        var rosters = app.MapGroup("/api/associations").WithTags("Association rosters");
        rosters.MapReplaceRoster();
        rosters.MapReadRoster();
        app.MapRegionFallbackRoster();
        return app;
    }
}
