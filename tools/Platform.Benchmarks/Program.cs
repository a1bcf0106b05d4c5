using Platform.Benchmarks;

// `alerts ...` measures the alert path, `evidence ...` a long recording's upload, `tokens ...` token issuance; anything else (the original form) the batch import.
return args switch
{
    ["alerts", .. var rest] => await AlertPathBenchmark.RunAsync(rest),
    ["evidence", .. var rest] => await EvidenceUploadBenchmark.RunAsync(rest),
    ["tokens", .. var rest] => await TokenIssuanceBenchmark.RunAsync(rest),
    ["import", .. var import] => await ImportBenchmark.RunAsync(import),
    _ => await ImportBenchmark.RunAsync(args),
};
