using Agentsgt.Benchmarks;

return await Commands.RunAsync(args).ConfigureAwait(false);
