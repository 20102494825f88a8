package fakebank.detect;

import fakebank.bank.Label;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * An assignment of items to cross-validation folds that keeps each group inside one fold and spreads each class
 * evenly. {@code foldOf[i]} is item i's fold in [0, folds). {@code notes} say where the plan had to compromise.
 */
public record FoldPlan(int[] foldOf, int folds, List<String> notes) {

    /**
     * Assigns groups to folds: per class (a group counts for its majority label), groups go largest first (equal
     * sizes in seeded random order) to the fold with the fewest items of that class so far. A class with fewer
     * groups than folds cannot be spread by group; its items are then split one by one, and a note says so.
     */
    public static FoldPlan grouped(List<String> groups, List<Label> labels, int folds, long seed) {
        if (groups.size() != labels.size()) {
            throw new IllegalArgumentException("groups and labels must have the same size");
        }
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be >= 2, got " + folds);
        }
        int[] foldOf = new int[groups.size()];
        int[] perFoldTotal = new int[folds];
        List<String> notes = new ArrayList<>();
        Random random = new Random(seed);
        for (Label label : Label.values()) {
            List<List<Integer>> classGroups = groupsWithMajority(groups, labels, label);
            if (classGroups.isEmpty()) {
                continue;
            }
            if (classGroups.size() < folds) {
                notes.add(label.json() + " images have " + classGroups.size() + " group(s) for " + folds
                        + " folds, so they are split image by image");
                classGroups = classGroups.stream().flatMap(List::stream).map(List::of).toList();
            }
            List<List<Integer>> order = new ArrayList<>(classGroups);
            Collections.shuffle(order, random);
            order.sort(Comparator.comparingInt((List<Integer> g) -> g.size()).reversed());
            int[] perFoldClass = new int[folds];
            for (List<Integer> group : order) {
                int target = 0;
                for (int f = 1; f < folds; f++) {
                    if (perFoldClass[f] < perFoldClass[target]
                            || perFoldClass[f] == perFoldClass[target] && perFoldTotal[f] < perFoldTotal[target]) {
                        target = f;
                    }
                }
                for (int i : group) {
                    foldOf[i] = target;
                }
                perFoldClass[target] += group.size();
                perFoldTotal[target] += group.size();
            }
        }
        return new FoldPlan(foldOf, folds, List.copyOf(notes));
    }

    public boolean inFold(int item, int fold) {
        return foldOf[item] == fold;
    }

    /** Groups (as item index lists, in name order) whose majority label is {@code label}. */
    private static List<List<Integer>> groupsWithMajority(List<String> groups, List<Label> labels, Label label) {
        Map<String, List<Integer>> members = new TreeMap<>();
        for (int i = 0; i < groups.size(); i++) {
            members.computeIfAbsent(groups.get(i), g -> new ArrayList<>()).add(i);
        }
        Map<String, List<Integer>> chosen = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
            long fakes = e.getValue().stream().filter(i -> labels.get(i) == Label.FAKE).count();
            Label majority = fakes * 2 > e.getValue().size() ? Label.FAKE : Label.REAL;
            if (majority == label) {
                chosen.put(e.getKey(), e.getValue());
            }
        }
        return new ArrayList<>(chosen.values());
    }
}
