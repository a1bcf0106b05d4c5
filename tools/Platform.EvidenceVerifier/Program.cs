using Platform.EvidenceVerifier;

return await VerifyCommand.RunAsync(args, Console.Out, Console.Error);
