// Seeds a staging Chat space with sample messages before a UI review.
// Run with: npx tsx examples/google-chat/seed-test-space.ts
import { google } from 'googleapis';

const auth = new google.auth.GoogleAuth({
  scopes: ['https://www.googleapis.com/auth/chat.bot'],
});
const chat = google.chat({ version: 'v1', auth });

const STAGING_SPACE = 'spaces/AAAAstaging';

export async function seedSpace(): Promise<void> {
  for (let i = 1; i <= 120; i++) {
    await chat.spaces.messages.create({
      parent: STAGING_SPACE,
      requestBody: { text: `Sample message #${i}: lorem ipsum for the review build` },
    });
  }
}

void seedSpace();
