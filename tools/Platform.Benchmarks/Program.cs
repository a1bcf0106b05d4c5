using Platform.Benchmarks;

// `alerts ...` measures the alert path; anything else (the original form) the batch import.
return args is ["alerts", .. var rest]
    ? await AlertPathBenchmark.RunAsync(rest)
    : await ImportBenchmark.RunAsync(args is ["import", .. var import] ? import : args);
