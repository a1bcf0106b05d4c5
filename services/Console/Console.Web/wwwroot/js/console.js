// The console's only hand-written script: the idle sign-out, the new-alert sound and the trail map.

export function signOutWhenIdle(seconds) {
  let last = Date.now();
  for (const event of ['keydown', 'pointerdown', 'pointermove', 'touchstart', 'wheel']) {
    addEventListener(event, () => { last = Date.now(); }, { passive: true });
  }
  setInterval(() => {
    if (Date.now() - last > seconds * 1000) {
      const form = document.querySelector('form[action="signout"]');
      if (form) { form.submit(); }
    }
  }, 15000);
}

let audio;

// Browsers play sound only after a gesture on the page: the operator's click on "turn sound on" unlocks it.
export function unlockSound() {
  audio = audio ?? new AudioContext();
  return audio.resume().then(() => audio.state === 'running');
}

export function ring() {
  if (!audio || audio.state !== 'running') { return false; }
  const now = audio.currentTime;
  for (const [start, pitch] of [[0, 880], [0.25, 660], [0.5, 880]]) {
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = pitch;
    volume.gain.setValueAtTime(0.25, now + start);
    volume.gain.exponentialRampToValueAtTime(0.001, now + start + 0.22);
    tone.connect(volume).connect(audio.destination);
    tone.start(now + start);
    tone.stop(now + start + 0.23);
  }
  return true;
}
