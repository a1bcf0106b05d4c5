using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static Platform.Devices.Api.Tests.DeviceRequests;

namespace Platform.Devices.Api.Tests;

public sealed class ImportingDevices(DevicesHost host) : IClassFixture<DevicesHost>
{
    private const string Header = "serial,model,association,batch";

    [Fact]
    public async Task Seven_hundred_buttons_across_23_associations_are_provisioned_in_one_call()
    {
        var associations = await Task.WhenAll(Enumerable.Range(0, 23).Select(_ => host.RegisteredAssociationAsync()));
        var batch = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 700; i++)
        {
            csv.Append($"BTN-{batch}-{i:D4},Flic 2,{DevicesHost.CodeOf(associations[i % 23])},{batch}\n");
        }
        using var admin = host.Admin();

        using var response = await admin.SendAsync(Import(csv.ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.ReadJsonAsync();
        Assert.Equal(700, summary["total"]!.GetValue<int>());
        Assert.Equal(700, summary["provisioned"]!.GetValue<int>());
        Assert.Equal(0, summary["unchanged"]!.GetValue<int>());
        Assert.Empty(summary["rejected"]!.AsArray());
        // The first association got rows 0, 23, 46, ...: 31 buttons (700 = 23 * 30 + 10).
        using var @operator = host.OperatorOf(associations[0]);
        using var list = await @operator.SendAsync(List("?limit=200"));
        var items = (await list.ReadJsonAsync())["items"]!.AsArray();
        Assert.Equal(31, items.Count);
        Assert.All(items, item =>
        {
            Assert.Equal("assigned", item!["status"]!.GetValue<string>());
            Assert.Equal(batch, item["batch"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing()
    {
        var associationId = await host.RegisteredAssociationAsync();
        var csv = FileOf(Enumerable.Range(0, 20).Select(_ => $"{NewSerial()},Flic 2,{DevicesHost.CodeOf(associationId)},B1"));
        using var admin = host.Admin();
        using var first = await admin.SendAsync(Import(csv));
        var eventsBefore = await EventCountAsync();

        using var again = await admin.SendAsync(Import(csv));

        Assert.Equal(20, (await first.ReadJsonAsync())["provisioned"]!.GetValue<int>());
        var summary = await again.ReadJsonAsync();
        Assert.Equal(0, summary["provisioned"]!.GetValue<int>());
        Assert.Equal(20, summary["unchanged"]!.GetValue<int>());
        Assert.Empty(summary["rejected"]!.AsArray());
        Assert.Equal(eventsBefore, await EventCountAsync());
    }

    [Fact]
    public async Task Five_bad_rows_among_good_ones_are_reported_with_their_lines_and_the_good_ones_land()
    {
        var associationId = await host.RegisteredAssociationAsync();
        var code = DevicesHost.CodeOf(associationId);
        var takenSerial = NewSerial();
        await host.ProvisionedDeviceAsync(await host.RegisteredAssociationAsync(), takenSerial);
        string[] lines =
        [
            $"{NewSerial()},Flic 2,{code},B1",      // line 2
            $"{NewSerial()},Flic 2,UNKNOWN-9,B1",    // line 3: unknown association
            $"{NewSerial()},Flic 2,{code},B1",      // line 4
            $"{takenSerial},Flic 2,{code},B1",      // line 5: another association's serial
            $"{NewSerial()},Flic 2,{code},B1",      // line 6
            $"BTN 1,Flic 2,{code},B1",              // line 7: malformed serial
            $"{NewSerial()},,{code},B1",            // line 8: missing model
            $"{NewSerial()},Flic 2,{code},B1",      // line 9
            $"{NewSerial()},Flic 2,,B1",            // line 10: missing association
            $"{NewSerial()},Flic 2,{code},B1",      // line 11
        ];
        using var admin = host.Admin();

        using var response = await admin.SendAsync(Import(FileOf(lines)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.ReadJsonAsync();
        Assert.Equal(10, summary["total"]!.GetValue<int>());
        Assert.Equal(5, summary["provisioned"]!.GetValue<int>());
        var rejected = summary["rejected"]!.AsArray().Select(row => row!.AsObject()).ToList();
        Assert.Equal([3, 5, 7, 8, 10], rejected.Select(row => row["line"]!.GetValue<int>()));
        Assert.Equal(takenSerial, rejected[1]["serial"]!.GetValue<string>());
        Assert.All(rejected, row => Assert.False(string.IsNullOrWhiteSpace(row["reason"]!.GetValue<string>())));
        using var @operator = host.OperatorOf(associationId);
        using var list = await @operator.SendAsync(List());
        Assert.Equal(5, (await list.ReadJsonAsync())["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_file_over_the_size_bound_is_refused_as_too_large()
    {
        var row = $"{NewSerial()},{new string('m', 90)},NOWHERE,B1\n";
        var csv = new StringBuilder(Header).Append('\n');
        while (csv.Length <= 2 * 1024 * 1024)
        {
            csv.Append(row);
        }
        using var admin = host.Admin();

        using var response = await admin.SendAsync(Import(csv.ToString()));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "/problems/import-too-large");
    }

    [Fact]
    public async Task A_body_that_is_not_csv_is_an_unsupported_media_type()
    {
        using var admin = host.Admin();
        using var request = Import($"{Header}\n");
        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await admin.SendAsync(request);

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_file_without_the_header_is_a_validation_problem()
    {
        using var admin = host.Admin();

        using var response = await admin.SendAsync(Import("BTN-0001,Flic 2,CIDFF-69,B1\n"));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
    }

    [Fact]
    public async Task An_operator_cannot_import()
    {
        var associationId = await host.RegisteredAssociationAsync();
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(Import(FileOf([$"{NewSerial()},Flic 2,{DevicesHost.CodeOf(associationId)},B1"])));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    private static string FileOf(IEnumerable<string> rows) => $"{Header}\n{string.Join('\n', rows)}\n";

    private async Task<int> EventCountAsync()
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}
