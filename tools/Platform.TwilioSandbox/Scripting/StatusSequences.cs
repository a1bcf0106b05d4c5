using Platform.TwilioSandbox.Callbacks;
using Platform.TwilioSandbox.Calls;
using Platform.TwilioSandbox.Messages;
using Platform.TwilioSandbox.Recording;

namespace Platform.TwilioSandbox.Scripting;

/// <summary>
/// Plays a status script in the background once the message or call is accepted: each status is recorded and posted,
/// signed, exactly as `POST /sandbox/messages/{sid}/status` (or calls) would, one after the other.
/// </summary>
public sealed class StatusSequences(
    IServiceProvider services,
    RecordLog<RecordedMessage> messages,
    RecordLog<RecordedCall> calls,
    TimeProvider time,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime)
{
    private readonly ILogger _logger = loggers.CreateLogger<StatusSequences>();

    public void PlayForMessage(string sid, StatusSequence sequence) =>
        Play(sid, sequence, (step, sender, cancellationToken) =>
            MessageStatusCallbacks.PostAsync(sid, step.Status, sequence.ErrorCode, messages, sender, time, loggers, cancellationToken));

    public void PlayForCall(string sid, StatusSequence sequence) =>
        Play(sid, sequence, (step, sender, cancellationToken) =>
            CallStatusCallbacks.PostAsync(sid, step.Status, step.Digits, calls, sender, time, loggers, cancellationToken));

    private void Play(string sid, StatusSequence sequence, Func<StatusStep, StatusCallbackSender, CancellationToken, Task<StatusPosted>> post)
    {
        var stopping = lifetime.ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                var sender = services.GetRequiredService<StatusCallbackSender>();
                foreach (var step in sequence.Steps)
                {
                    if (sequence.Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(sequence.Delay, time, stopping);
                    }

                    var posted = await post(step, sender, stopping);
                    if (posted.Outcome is StatusPostOutcome.UnknownSid or StatusPostOutcome.NoStatusCallback)
                    {
                        _logger.LogWarning("Scripted status {Status} of {Sid} not posted: {Outcome}", step.Status, sid, posted.Outcome);
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Shutting down: the rest of the script is dropped, as a test host going away expects.
            }
            catch (Exception failure)
            {
                _logger.LogError(failure, "Scripted statuses of {Sid} stopped", sid);
            }
        }, CancellationToken.None);
    }
}
