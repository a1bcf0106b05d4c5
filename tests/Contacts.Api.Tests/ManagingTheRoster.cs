using Platform.Contacts.Contracts;
using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using static Platform.Contacts.Api.Tests.RosterRequests;

namespace Platform.Contacts.Api.Tests;

public sealed class ManagingTheRoster(ContactsHost host) : IClassFixture<ContactsHost>
{
    [Fact]
    public async Task An_operator_publishes_the_roster_of_her_association_as_a_versioned_RosterChanged()
    {
        var published = await host.WatchAsync<RosterChanged>();
        var associationId = Guid.CreateVersion7();
        using var @operator = host.OperatorOf(associationId);
        var lea = Guid.CreateVersion7();

        using var first = await @operator.SendAsync(ReplaceRoster(Member(lea, "Léa", "06 12 34 56 78", Shift("friday", "22:00", "06:00"))));
        using var second = await @operator.SendAsync(ReplaceRoster(Member(lea, "Léa", "06 12 34 56 78", Shift("saturday", "22:00", "06:00"))));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var (messageId, roster, _) = await published.FirstAsync(m => m.AssociationId == associationId && m.Version == 2);
        Assert.Equal(roster.EventId, messageId);
        var member = Assert.Single(roster.Members);
        Assert.Equal((lea, "Léa", "+33612345678"), (member.OperatorId, member.Name, member.Phone));
        Assert.Equal([new WeeklyShift(DayOfWeek.Saturday, new TimeOnly(22, 0), new TimeOnly(6, 0), "Europe/Paris")], member.Shifts);
        using var read = await @operator.SendAsync(ReadRoster());
        Assert.Equal(2, (await read.ReadJsonAsync())["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_invalid_roster_is_a_validation_problem_naming_the_field()
    {
        using var @operator = host.OperatorOf(Guid.CreateVersion7());

        using var response = await @operator.SendAsync(ReplaceRoster(Member(Guid.CreateVersion7(), "Léa", "12", Shift("monday", "09:00", "09:00"))));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("members[0].phone"));
        Assert.True(errors.ContainsKey("members[0].shifts[0].end"));
    }

    [Fact]
    public async Task Only_the_regions_admin_keeps_the_regions_fallback_roster_and_it_travels_under_its_own_id()
    {
        var published = await host.WatchAsync<RosterChanged>();
        using var admin = host.ClientWithToken(host.Tokens.Admin());
        using var @operator = host.OperatorOf(Guid.CreateVersion7());
        var fatou = Guid.CreateVersion7();
        var roster = new { members = new[] { Member(fatou, "Fatou", "06 12 34 56 79", Shift("monday", "00:00", "12:00")) } };

        using var byAnOperator = await @operator.PutAsJsonAsync("/api/region/fallback-roster", roster);
        using var invalid = await admin.PutAsJsonAsync("/api/region/fallback-roster",
            new { members = new[] { Member(fatou, "Fatou", "12", Shift("monday", "25:00", "12:00")) } });
        using var saved = await admin.PutAsJsonAsync("/api/region/fallback-roster", roster);
        using var read = await admin.GetAsync("/api/region/fallback-roster");
        using var readByAnOperator = await @operator.GetAsync("/api/region/fallback-roster");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden),
            (byAnOperator.StatusCode, saved.StatusCode, readByAnOperator.StatusCode));
        var problem = await HttpAssertions.AssertProblemAsync(invalid, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("members[0].phone"));
        Assert.Equal(fatou, (await read.ReadJsonAsync())["members"]![0]!["operatorId"]!.GetValue<Guid>());
        var changed = await published.FirstAsync(m => m.AssociationId == RegionFallbackRoster.Id
            && m.Members.Any(member => member.OperatorId == fatou));
        Assert.Equal("+33612345679", Assert.Single(changed.Message.Members).Phone);
    }

    [Fact]
    public async Task On_call_names_whoever_has_a_shift_at_that_time_in_its_time_zone()
    {
        var associationId = Guid.CreateVersion7();
        using var @operator = host.OperatorOf(associationId);
        var (lea, sam) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        using var saved = await @operator.SendAsync(ReplaceRoster(
            Member(lea, "Léa", "06 12 34 56 78", Shift("saturday", "22:00", "06:00")),
            Member(sam, "Sam", "06 98 76 54 32", Shift("sunday", "06:00", "22:00", "Europe/Paris"))));

        // Sunday 30 March 2025 at 05:30 in Paris, just after the change to summer time: still Léa's night.
        using var night = await @operator.SendAsync(OnCall(DateTimeOffset.Parse("2025-03-30T03:30:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        using var day = await @operator.SendAsync(OnCall(DateTimeOffset.Parse("2025-03-30T04:30:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        using var nobody = await @operator.SendAsync(OnCall(DateTimeOffset.Parse("2025-03-31T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal([lea], (await night.ReadJsonAsync())["onCall"]!.AsArray().Select(m => m!["operatorId"]!.GetValue<Guid>()));
        Assert.Equal([sam], (await day.ReadJsonAsync())["onCall"]!.AsArray().Select(m => m!["operatorId"]!.GetValue<Guid>()));
        Assert.Empty((await nobody.ReadJsonAsync())["onCall"]!.AsArray());
    }

    [Fact]
    public async Task Without_a_time_on_call_answers_for_now()
    {
        var associationId = Guid.CreateVersion7();
        using var @operator = host.OperatorOf(associationId);
        var lea = Guid.CreateVersion7();
        var allWeek = Enum.GetNames<DayOfWeek>().Select(day => Shift(day.ToLowerInvariant(), "00:00", "12:00"))
            .Concat(Enum.GetNames<DayOfWeek>().Select(day => Shift(day.ToLowerInvariant(), "12:00", "00:00"))).ToArray();
        using var saved = await @operator.SendAsync(ReplaceRoster(Member(lea, "Léa", "06 12 34 56 78", allWeek)));

        using var response = await @operator.SendAsync(OnCall());

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal([lea], (await response.ReadJsonAsync())["onCall"]!.AsArray().Select(m => m!["operatorId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Readiness_reports_the_gaps_of_the_coming_week_to_the_operator_and_to_the_admin()
    {
        var covered = Guid.CreateVersion7();
        var uncovered = Guid.CreateVersion7();
        using var coveredOperator = host.OperatorOf(covered);
        using var uncoveredOperator = host.OperatorOf(uncovered);
        var allWeek = Enum.GetNames<DayOfWeek>().Select(day => Shift(day.ToLowerInvariant(), "08:00", "20:00"))
            .Concat(Enum.GetNames<DayOfWeek>().Select(day => Shift(day.ToLowerInvariant(), "20:00", "08:00"))).ToArray();
        using var full = await coveredOperator.SendAsync(ReplaceRoster(Member(Guid.CreateVersion7(), "Léa", "06 12 34 56 78", allWeek)));
        using var daysOnly = await uncoveredOperator.SendAsync(ReplaceRoster(
            Member(Guid.CreateVersion7(), "Sam", "06 98 76 54 32", Shift("monday", "09:00", "17:00"))));

        using var mine = await coveredOperator.SendAsync(Readiness());
        using var admin = host.ClientWithToken(host.Tokens.Admin());
        using var all = await admin.SendAsync(Readiness());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (full.StatusCode, daysOnly.StatusCode));
        var own = Assert.Single((await mine.Content.ReadFromJsonArrayAsync()));
        Assert.Equal(covered, own!["associationId"]!.GetValue<Guid>());
        Assert.Empty(own["gaps"]!.AsArray());
        var everyone = await all.Content.ReadFromJsonArrayAsync();
        Assert.Empty(everyone.Single(r => r!["associationId"]!.GetValue<Guid>() == covered)!["gaps"]!.AsArray());
        Assert.NotEmpty(everyone.Single(r => r!["associationId"]!.GetValue<Guid>() == uncovered)!["gaps"]!.AsArray());
    }

    [Fact]
    public async Task An_association_without_a_roster_is_one_long_gap_for_its_operator()
    {
        using var @operator = host.OperatorOf(Guid.CreateVersion7());

        using var response = await @operator.SendAsync(Readiness());

        var readiness = Assert.Single(await response.Content.ReadFromJsonArrayAsync());
        var gap = Assert.Single(readiness!["gaps"]!.AsArray());
        Assert.Equal(TimeSpan.FromDays(7), gap!["to"]!.GetValue<DateTimeOffset>() - gap["from"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task The_admin_reads_any_roster_and_an_operator_of_another_association_gets_not_found()
    {
        var associationId = Guid.CreateVersion7();
        using var @operator = host.OperatorOf(associationId);
        using var saved = await @operator.SendAsync(ReplaceRoster(Member(Guid.CreateVersion7(), "Léa", "06 12 34 56 78", Shift("monday", "09:00", "17:00"))));
        using var admin = host.ClientWithToken(host.Tokens.Admin());
        using var stranger = host.OperatorOf(Guid.CreateVersion7());

        using var adminRead = await admin.SendAsync(ReadRoster(associationId));
        using var strangerRead = await stranger.SendAsync(ReadRoster(associationId));
        using var strangerOnCall = await stranger.SendAsync(OnCall(associationId: associationId));

        Assert.Equal(HttpStatusCode.OK, adminRead.StatusCode);
        var problem = await HttpAssertions.AssertProblemAsync(strangerRead, HttpStatusCode.NotFound, "/problems/not-found");
        Assert.DoesNotContain("Léa", problem.ToJsonString(), StringComparison.Ordinal);
        await HttpAssertions.AssertProblemAsync(strangerOnCall, HttpStatusCode.NotFound, "/problems/not-found");
    }
}

internal static class JsonArrays
{
    public static async Task<System.Text.Json.Nodes.JsonArray> ReadFromJsonArrayAsync(this HttpContent content) =>
        System.Text.Json.Nodes.JsonNode.Parse(await content.ReadAsStringAsync())!.AsArray();
}
