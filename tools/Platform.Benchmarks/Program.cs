using Platform.Benchmarks;

return await ImportBenchmark.RunAsync(args);
