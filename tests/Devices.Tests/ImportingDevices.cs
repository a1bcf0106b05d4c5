using Platform.Devices.Api.Devices;
using Platform.Devices.Api.Devices.Importing;
using Platform.Devices.Api.Devices.Provisioning;
using Platform.ServiceDefaults;
using System.Text;
using static Platform.Devices.Tests.DeviceScenarios;

namespace Platform.Devices.Tests;

public sealed class ReadingAnImportFile
{
    private static IReadOnlyList<ImportRow> Parse(string csv) => ImportDevicesSlice.Parse(Encoding.UTF8.GetBytes(csv));

    [Fact]
    public void Each_row_keeps_its_line_in_the_file_where_the_header_is_line_1()
    {
        var rows = Parse("serial,model,association,batch\nBTN-0001,Flic 2,CIDFF-69,B1\n\nBTN-0002,Flic 2,CIDFF-69,B1\n");

        Assert.Equal([2, 4], rows.Select(row => row.Line));
        Assert.Equal(new ImportRow(2, "BTN-0001", "Flic 2", "CIDFF-69", "B1"), rows[0]);
    }

    [Fact]
    public void A_quoted_field_over_two_lines_does_not_shift_the_lines_of_the_rows_after_it()
    {
        var rows = Parse("serial,model,association,batch\r\nBTN-0001,\"Flic 2\r\nblack\",CIDFF-69,B1\r\nBTN-0002,Flic 2,CIDFF-69,B1\r\n");

        Assert.Equal([2, 4], rows.Select(row => row.Line));
        Assert.Equal("Flic 2\r\nblack", rows[0].Model);
    }

    [Fact]
    public void Columns_may_come_in_any_order_and_case_and_values_are_trimmed()
    {
        var rows = Parse("Association, Batch ,SERIAL,model\n CIDFF-69 ,B1, BTN-0001 ,Flic 2\n");

        Assert.Equal(new ImportRow(2, "BTN-0001", "Flic 2", "CIDFF-69", "B1"), Assert.Single(rows));
    }

    [Fact]
    public void An_empty_or_short_row_reads_as_missing_fields()
    {
        var rows = Parse("serial,model,association,batch\nBTN-0001,,CIDFF-69\nBTN-0002\n");

        Assert.Equal(new ImportRow(2, "BTN-0001", null, "CIDFF-69", null), rows[0]);
        Assert.Equal(new ImportRow(3, "BTN-0002", null, null, null), rows[1]);
    }

    [Fact]
    public void A_file_without_the_header_is_refused_as_a_whole()
    {
        var refusal = Assert.Throws<ProblemException>(() => Parse("BTN-0001,Flic 2,CIDFF-69,B1\n"));

        Assert.Equal(400, refusal.Status);
    }

    [Fact]
    public void More_rows_than_the_bound_is_too_large()
    {
        var csv = new StringBuilder("serial,model,association,batch\n");
        for (var i = 0; i <= ImportDevicesSlice.MaxRows; i++)
        {
            csv.Append("BTN-").Append(i).Append(",Flic 2,CIDFF-69,B1\n");
        }

        var refusal = Assert.Throws<ProblemException>(() => Parse(csv.ToString()));

        Assert.Equal(413, refusal.Status);
        Assert.Equal(ImportDevicesSlice.TooLargeProblem, refusal.Type);
    }
}

public sealed class DecidingAnImport
{
    private static readonly Dictionary<string, Platform.Devices.Api.Associations.Association> Associations = new()
    {
        [Registered.Code] = Registered,
        [OtherRegistered.Code] = OtherRegistered,
    };

    private static readonly Dictionary<Guid, Device> NoDevices = [];

    private static ImportRow Row(int line, string? serial, string? association = "CIDFF-69", string? model = "Flic 2", string? batch = "B1") =>
        new(line, serial, model, association, batch);

    [Fact]
    public void Every_new_serial_is_provisioned_to_the_association_its_code_names()
    {
        var plan = ImportDevicesSlice.Decide([Row(2, "BTN-0001"), Row(3, "btn-0002", "fsf-63")], Associations, NoDevices, Now);

        Assert.Equal(new ImportSummary(2, 2, 0, []), plan.Summary with { Rejected = [] });
        Assert.Empty(plan.Summary.Rejected);
        var provisioned = plan.NewDevices.Select(events => Assert.IsType<DeviceProvisioned>(Assert.Single(events))).ToList();
        Assert.Equal(new DeviceProvisioned(Device.IdFor("BTN-0001"), "BTN-0001", "Flic 2", Association, Now, "B1"), provisioned[0]);
        Assert.Equal(OtherAssociation, provisioned[1].AssociationId);
        Assert.Equal("BTN-0002", provisioned[1].Serial);
    }

    [Fact]
    public void A_serial_already_provisioned_for_the_same_association_is_unchanged()
    {
        var existing = new Dictionary<Guid, Device> { [Device.IdFor(Serial)] = Assigned() };

        var plan = ImportDevicesSlice.Decide([Row(2, Serial)], Associations, existing, Now);

        Assert.Empty(plan.NewDevices);
        Assert.Equal(1, plan.Summary.Unchanged);
        Assert.Empty(plan.Summary.Rejected);
    }

    [Fact]
    public void Bad_rows_are_rejected_with_their_line_and_reason_and_the_good_ones_still_land()
    {
        var existing = new Dictionary<Guid, Device> { [Device.IdFor(Serial)] = Assigned(OtherAssociation) };
        ImportRow[] rows =
        [
            Row(2, "BTN-0100"),
            Row(3, "BTN-0101", association: "NOWHERE-1"),
            Row(4, Serial),
            Row(5, "BTN 0102"),
            Row(6, "BTN-0103", model: null),
            Row(7, null, association: null),
            Row(8, "BTN-0104"),
        ];

        var plan = ImportDevicesSlice.Decide(rows, Associations, existing, Now);

        Assert.Equal(7, plan.Summary.Total);
        Assert.Equal(2, plan.Summary.Provisioned);
        Assert.Equal([3, 4, 5, 6, 7], plan.Summary.Rejected.Select(rejected => rejected.Line));
        Assert.Contains("NOWHERE-1", plan.Summary.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("another association", plan.Summary.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Equal(ProvisionDeviceSlice.SerialRule, plan.Summary.Rejected[2].Reason);
        Assert.Equal("Missing model.", plan.Summary.Rejected[3].Reason);
        Assert.Equal("Missing serial, association.", plan.Summary.Rejected[4].Reason);
        Assert.Equal(Serial, plan.Summary.Rejected[1].Serial);
    }

    [Fact]
    public void A_serial_repeated_in_the_file_is_provisioned_once_then_unchanged_or_refused_for_another_association()
    {
        var plan = ImportDevicesSlice.Decide([Row(2, Serial), Row(3, Serial), Row(4, Serial, "FSF-63")], Associations, NoDevices, Now);

        Assert.Single(plan.NewDevices);
        Assert.Equal(1, plan.Summary.Unchanged);
        Assert.Equal(4, Assert.Single(plan.Summary.Rejected).Line);
    }

    [Fact]
    public void Importing_what_the_fleet_already_has_plans_nothing()
    {
        var first = ImportDevicesSlice.Decide([Row(2, "BTN-0001"), Row(3, "BTN-0002")], Associations, NoDevices, Now);
        var fleet = first.NewDevices.Select(events => events.Aggregate(default(Device), DeviceEvolution.Evolve)!).ToDictionary(d => d.Id);

        var again = ImportDevicesSlice.Decide([Row(2, "BTN-0001"), Row(3, "BTN-0002")], Associations, fleet, Now.AddDays(1));

        Assert.Empty(again.NewDevices);
        Assert.Equal(new ImportSummary(2, 0, 2, []), again.Summary with { Rejected = [] });
        Assert.Empty(again.Summary.Rejected);
    }
}
