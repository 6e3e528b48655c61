// The keys the view answers to, or the shutdown notice once quitting.
import { Text } from 'ink';

export function KeyHelp({ quitting }: { readonly quitting: boolean }) {
  if (quitting) return <Text color="yellow">shutting down (as on SIGINT)…</Text>;
  return <Text dimColor>←/→ sort column · 1-9,0 pick column · r reverse · q quit</Text>;
}
