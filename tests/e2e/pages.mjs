// The steps many end-to-end tests share, as a user takes them: one place
// that knows the first-run screen and the backlog's new-story field, so a
// change to either is made here and not in every test file.

/** First run: *Start with iOS, Android and Backend*, then the iOS backlog. */
export async function startWithOurTeams(page) {
  await page.getByRole('button', { name: 'Start with iOS, Android and Backend' }).click();
  await page.getByRole('heading', { name: 'iOS backlog' }).waitFor();
}

/** The open backlog's new-story field. */
export const newStoryInput = (page) => page.getByRole('textbox', { name: 'New story title' });

/** Adds stories to the open backlog, one title after the other, with Enter. */
export async function addStories(page, titles) {
  const input = newStoryInput(page);
  for (const title of titles) {
    await input.fill(title);
    await input.press('Enter');
  }
}
