using CsvHelper;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Devices.Api.Associations;
using Platform.Devices.Api.Associations.Registering;
using Platform.Devices.Api.Devices.Provisioning;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Devices.Api.Devices.Importing;

/// <summary>One data row of an import file; <paramref name="Line"/> is its line in the file (the header is line 1).</summary>
public sealed record ImportRow(int Line, string? Serial, string? Model, string? Association, string? Batch);

public sealed record RejectedRow(int Line, string? Serial, string Reason);

public sealed record ImportSummary(int Total, int Provisioned, int Unchanged, IReadOnlyList<RejectedRow> Rejected);

/// <summary>What an import does: the streams to start, and what to tell the admin about every row.</summary>
public sealed record ImportPlan(IReadOnlyList<IReadOnlyList<object>> NewDevices, ImportSummary Summary);

/// <summary>
/// A region admin provisions a delivery of buttons at once (CSV: serial,model,association,batch). Good rows land, bad
/// rows are reported with their line; importing the same file again changes nothing.
/// </summary>
public static class ImportDevicesSlice
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 20_000;
    public const string TooLargeProblem = "/problems/import-too-large";
    public const string CsvMediaType = "text/csv";
    private static readonly string[] Columns = ["serial", "model", "association", "batch"];

    /// <summary>Reads the rows; a file without the expected header is refused as a whole.</summary>
    /// <exception cref="ProblemException">Missing columns (400) or too many rows (413).</exception>
    public static IReadOnlyList<ImportRow> Parse(byte[] utf8)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            // Line numbers as the admin sees them in her spreadsheet: the header is line 1.
            TrackLineNumbers = true,
            // Serials are not secret, but a bad file's exceptions must not carry someone's data into the logs.
            IncludeValuesInExceptions = false,
        };
        using var reader = CsvReader.Create(utf8, options);
        var positions = new Dictionary<string, int>();
        foreach (var column in Columns)
        {
            if (!reader.TryGetFieldIndex(column, out var position))
            {
                throw Invalid($"The first line must be the header {string.Join(',', Columns)}.");
            }
            positions[column] = position;
        }
        var rows = new List<ImportRow>();
        while (reader.Read())
        {
            if (rows.Count == MaxRows)
            {
                throw TooLarge();
            }
            string? Field(string column) =>
                positions[column] < reader.FieldCount && reader.GetString(positions[column]) is { Length: > 0 } value ? value : null;
            rows.Add(new ImportRow((int)reader.LineNumber, Field("serial"), Field("model"), Field("association"), Field("batch")));
        }
        return rows;
    }

    /// <summary>Decides every row against the associations and the devices the fleet already has.</summary>
    /// <param name="associations">The registered associations the file names, by normalized code.</param>
    /// <param name="existing">The devices already provisioned among the file's serials, by id.</param>
    public static ImportPlan Decide(IReadOnlyList<ImportRow> rows, IReadOnlyDictionary<string, Association> associations,
        IReadOnlyDictionary<Guid, Device> existing, DateTimeOffset now)
    {
        var known = new Dictionary<Guid, Device>(existing);
        var newDevices = new List<IReadOnlyList<object>>();
        var rejected = new List<RejectedRow>();
        var unchanged = 0;
        foreach (var row in rows)
        {
            var missing = new[] { ("serial", row.Serial), ("model", row.Model), ("association", row.Association) }
                .Where(field => field.Item2 is null).Select(field => field.Item1).ToList();
            string? reason = missing.Count > 0 ? $"Missing {string.Join(", ", missing)}."
                : !ProvisionDeviceSlice.IsValidSerial(row.Serial) ? ProvisionDeviceSlice.SerialRule
                : !ProvisionDeviceSlice.IsValidModel(row.Model) ? ProvisionDeviceSlice.ModelRule
                : row.Batch is { Length: > 100 } ? "A batch name is at most 100 characters."
                : !associations.TryGetValue(RegisterAssociationSlice.NormalizeCode(row.Association!), out _)
                    ? $"No association is registered under the code {row.Association}."
                    : null;
            if (reason is not null)
            {
                rejected.Add(new RejectedRow(row.Line, row.Serial, reason));
                continue;
            }
            var association = associations[RegisterAssociationSlice.NormalizeCode(row.Association!)];
            var id = Device.IdFor(ProvisionDeviceSlice.Normalize(row.Serial!));
            try
            {
                // The single provisioning's rule, so a file and a form never disagree on what a serial may do.
                var events = ProvisionDeviceSlice.Decide(new ProvisionDevice(row.Serial, row.Model, association.Id), association,
                    known.GetValueOrDefault(id), now, row.Batch);
                if (events.Count == 0)
                {
                    unchanged++;
                    continue;
                }
                newDevices.Add(events);
                // A serial repeated further down the file is judged against this row.
                known[id] = events.Aggregate(default(Device), DeviceEvolution.Evolve)!;
            }
            catch (ProblemException refused)
            {
                rejected.Add(new RejectedRow(row.Line, row.Serial, refused.Title));
            }
        }
        return new ImportPlan(newDevices, new ImportSummary(rows.Count, newDevices.Count, unchanged, rejected));
    }

    public static void MapImportDevices(this RouteGroupBuilder devices) =>
        devices.MapPost("/imports", HandleAsync)
            // Routing answers 415 to any other media type, before the handler runs.
            .Accepts<string>(CsvMediaType)
            .RequireAuthorization(PlatformAuthentication.AdminPolicy);

    private static async Task<Ok<ImportSummary>> HandleAsync(HttpRequest request, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var rows = Parse(await ReadBoundedAsync(request, cancellationToken));
        var summary = await ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession();
            var codes = rows.Where(row => row.Association is not null)
                .Select(row => RegisterAssociationSlice.NormalizeCode(row.Association!)).Distinct().ToArray();
            var associations = (await session.Query<Association>().Where(a => a.Code.IsOneOf(codes)).ToListAsync(cancellationToken))
                .ToDictionary(a => a.Code);
            var ids = rows.Where(row => ProvisionDeviceSlice.IsValidSerial(row.Serial))
                .Select(row => Device.IdFor(ProvisionDeviceSlice.Normalize(row.Serial!))).Distinct().ToArray();
            var existing = await LoadExistingAsync(session, ids, cancellationToken);
            var plan = Decide(rows, associations, existing, time.GetUtcNow());
            foreach (var events in plan.NewDevices)
            {
                session.Start(events);
            }
            if (plan.NewDevices.Count > 0)
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            return plan.Summary;
        });
        return TypedResults.Ok(summary);
    }

    /// <summary>The file's devices that exist, in two queries however long the file is.</summary>
    private static async Task<IReadOnlyDictionary<Guid, Device>> LoadExistingAsync(IDocumentSession session, Guid[] ids,
        CancellationToken cancellationToken)
    {
        var existing = (await session.LoadManyAsync<Device>(cancellationToken, ids)).ToDictionary(device => device.Id);
        // A stream written before the device document existed has no row there: fold its events instead.
        var withoutDocument = ids.Where(id => !existing.ContainsKey(id)).ToArray();
        if (withoutDocument.Length > 0)
        {
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.StreamId.IsOneOf(withoutDocument))
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellationToken);
            foreach (var stream in events.GroupBy(e => e.StreamId))
            {
                if (stream.Aggregate(default(Device), (device, e) => DeviceEvolution.Evolve(device, e.Data)) is { } device)
                {
                    existing[device.Id] = device;
                }
            }
        }
        return existing;
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ProblemException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, TooLargeProblem, "The import file is too large.",
            $"Split it into files of at most {MaxRows} rows and {MaxBytes / (1024 * 1024)} MB.");

    private static ProblemException Invalid(string detail) =>
        new(StatusCodes.Status400BadRequest, ProblemTypes.Validation, "The import file is not in the expected format.", detail);
}
