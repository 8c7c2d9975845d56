// Direct-messages the owner of every stale pull request (one DM space per owner).
import { ChatServiceClient } from '@google-apps/chat';

const client = new ChatServiceClient();

interface StalePr { owner: string; dmSpace: string; title: string; url: string }

export async function notifyOwners(prs: StalePr[]): Promise<void> {
  for (const pr of prs) {
    await client.createMessage({
      parent: pr.dmSpace,
      message: { text: `Your PR "${pr.title}" has had no activity for a week: ${pr.url}` },
    });
  }
}

export async function announceRelease(spaces: string[], version: string): Promise<void> {
  // Every space at once: fine for five spaces, a burst of 429s for five hundred.
  await Promise.all(spaces.map((space) => client.createMessage({ parent: space, message: { text: `Released ${version}` } })));
}
